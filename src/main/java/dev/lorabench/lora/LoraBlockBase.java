package dev.lorabench.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * The shared part of {@link LoraLinear} and {@link LoraConv2d}: the frozen base as the only child,
 * parameters A and B, the on/off switch and merge bookkeeping.
 */
abstract class LoraBlockBase extends AbstractBlock implements LoraLayer {

    private static final byte VERSION = 1;

    private final Block base;
    private final Parameter baseWeight;
    private final LoraConfig config;
    private final float scale;
    private final Parameter loraA;
    private final Parameter loraB;
    private boolean enabled = true;
    private NDArray unmergedWeight;

    @SuppressWarnings("this-escape")
    LoraBlockBase(Block base, LoraConfig config) {
        super(VERSION);
        this.base = addChildBlock("base", base);
        this.baseWeight = LoraLinear.weightOf(base);
        this.config = config;
        this.scale = config.scale();
        // A as the config says (PEFT's Kaiming-uniform by default); zeros for B so that ΔW = 0
        // at the start.
        this.loraA =
                addParameter(
                        Parameter.builder()
                                .setName("lora_A")
                                .setType(Parameter.Type.WEIGHT)
                                .optInitializer(config.init().initializer())
                                .build());
        this.loraB =
                addParameter(
                        Parameter.builder()
                                .setName("lora_B")
                                .setType(Parameter.Type.WEIGHT)
                                .optInitializer(Initializer.ZEROS)
                                .build());
    }

    static void checkRank(LoraConfig config, long maxRank) {
        if (config.rank() > maxRank) {
            throw new IllegalArgumentException(
                    "rank must be in 1.." + maxRank + " for this layer but was " + config.rank());
        }
    }

    /** The adapter's path without scale: B(A(x)) as the layer kind computes it. */
    protected abstract NDList adapterForward(NDArray x, NDArray a, NDArray b);

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        base.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return base.getOutputShapes(inputs);
    }

    /** base(x) + scale · B(A(dropout(x))), or base(x) alone when switched off or merged. */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = base.forward(store, inputs, training, params);
        NDArray update = update(store, inputs.singletonOrThrow(), training);
        return update == null ? out : new NDList(out.singletonOrThrow().add(update));
    }

    @Override
    public NDArray update(ParameterStore store, NDArray x, boolean training) {
        if (!enabled || unmergedWeight != null) {
            return null;
        }
        NDArray in = training && config.dropout() > 0 ? Dropout.dropout(x, config.dropout(), true).singletonOrThrow() : x;
        NDArray a = store.getValue(loraA, in.getDevice(), training);
        NDArray b = store.getValue(loraB, in.getDevice(), training);
        return adapterForward(in, a, b).singletonOrThrow().mul(scale);
    }

    @Override
    public Block base() {
        return base;
    }

    @Override
    public Parameter baseWeight() {
        return baseWeight;
    }

    @Override
    public Parameter loraA() {
        return loraA;
    }

    @Override
    public Parameter loraB() {
        return loraB;
    }

    @Override
    public LoraConfig config() {
        return config;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isMerged() {
        return unmergedWeight != null;
    }

    @Override
    public void merge() {
        if (unmergedWeight != null) {
            return;
        }
        NDArray weight = baseWeight.getArray();
        // Keep the exact original so that unmerge restores it bit for bit, not by subtraction.
        unmergedWeight = weight.duplicate();
        try (NDArray delta = deltaWeight()) {
            weight.addi(delta);
        }
    }

    @Override
    public void unmerge() {
        if (unmergedWeight == null) {
            return;
        }
        unmergedWeight.copyTo(baseWeight.getArray());
        unmergedWeight.close();
        unmergedWeight = null;
    }
}
