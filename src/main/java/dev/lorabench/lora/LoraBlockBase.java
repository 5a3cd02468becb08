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
import dev.lorabench.model.Intermediates;

/**
 * The shared part of {@link LoraLinear} and {@link LoraConv2d}: the frozen base as the only child,
 * parameters A and B (and DoRA's magnitude), the on/off switch and merge bookkeeping. What the
 * output and the merge are is the method's {@link AdapterVariant}'s business.
 */
abstract class LoraBlockBase extends AbstractBlock implements LoraLayer {

    private static final byte VERSION = 1;

    private final Block base;
    private final Parameter baseWeight;
    private final LoraConfig config;
    private final float scale;
    private final Parameter loraA;
    private final Parameter loraB;
    private final Parameter magnitude;
    private final Shape magnitudeShape;
    private final AdapterVariant variant;
    private boolean enabled = true;
    private NDArray unmergedWeight;
    private NDArray initialA;
    private NDArray initialB;

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
        this.variant = config.method().variant();
        // DoRA's m: ones until init sets it to the base weight's per-channel norm. PEFT's shape:
        // (out) for a linear layer, (1, out, 1, 1) for a convolution.
        Shape w = baseWeight.getArray().getShape();
        this.magnitudeShape =
                w.dimension() == 2 ? new Shape(w.get(0)) : new Shape(1, w.get(0)).addAll(ones(w.dimension() - 2));
        this.magnitude =
                variant.hasMagnitude()
                        ? addParameter(
                                Parameter.builder()
                                        .setName("lora_magnitude_vector")
                                        .setType(Parameter.Type.WEIGHT)
                                        .optShape(magnitudeShape)
                                        .optInitializer(Initializer.ONES)
                                        .build())
                        : null;
    }

    private static Shape ones(int n) {
        long[] dims = new long[n];
        java.util.Arrays.fill(dims, 1L);
        return new Shape(dims);
    }

    static void checkRank(LoraConfig config, long maxRank) {
        if (config.rank() > maxRank) {
            throw new IllegalArgumentException(
                    "rank must be in 1.." + maxRank + " for this layer but was " + config.rank());
        }
    }

    /**
     * The adapter's path without scale: B(A(x)) as the layer kind computes it; in inference
     * ({@code training} false) A(x) is closed once B has used it.
     */
    protected abstract NDList adapterForward(NDArray x, NDArray a, NDArray b, boolean training);

    /** The base layer's product without its bias: W·x, or the convolution of x with W. */
    protected abstract NDArray baseProduct(NDArray x, NDArray weight);

    /** B·A shaped like the base weight, unscaled; a new array. */
    abstract NDArray loraWeight(NDArray a, NDArray b);

    /** r·(in + out) for linear, r·(in·kh·kw + out) for conv: A and B. */
    protected abstract long lowRankParameters();

    /** Runs the method's initialisation once, after DJL has given A, B (and m) first values. */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        if (initialA == null) {
            variant.init(this);
            initialA = loraA.getArray().duplicate();
            initialB = loraB.getArray().duplicate();
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        base.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return base.getOutputShapes(inputs);
    }

    /** The method's output from base(x) and dropout(x), or base(x) alone when switched off or merged. */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = base.forward(store, inputs, training, params);
        if (!enabled || unmergedWeight != null) {
            return out;
        }
        NDArray in = adapterInput(inputs.singletonOrThrow(), training);
        NDArray baseOut = out.singletonOrThrow();
        NDArray y = variant.output(this, store, in, baseOut, training);
        if (Intermediates.free(training)) {
            Intermediates.close(baseOut, y); // inference: free it now, not with the batch (Intermediates)
        }
        return new NDList(y);
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnsupportedOperationException for DoRA, whose output rescales base(x) (see {@link
     *     #additive()})
     */
    @Override
    public NDArray update(ParameterStore store, NDArray x, boolean training) {
        if (!variant.additive()) {
            throw new UnsupportedOperationException(
                    "method " + config.method() + " is not base(x) plus an update; forward the layer instead");
        }
        if (!enabled || unmergedWeight != null) {
            return null;
        }
        return lowRank(store, adapterInput(x, training), training);
    }

    @Override
    public boolean additive() {
        return variant.additive();
    }

    private NDArray adapterInput(NDArray x, boolean training) {
        return training && config.dropout() > 0 ? Dropout.dropout(x, config.dropout(), true).singletonOrThrow() : x;
    }

    /** scale · B(A(in)) with the store's A and B. */
    NDArray lowRank(ParameterStore store, NDArray in, boolean training) {
        NDArray a = store.getValue(loraA, in.getDevice(), training);
        NDArray b = store.getValue(loraB, in.getDevice(), training);
        // Not mul(scale): DJL's PyTorch engine puts a Number operand in a Java direct buffer that
        // it closes right after the product, yet the autograd graph keeps that tensor for the
        // backward (d/dB needs the scale); a garbage collection in between freed the buffer and
        // the backward read freed memory (gradients of 0 or NaN: MethodsRunTest's rare lockstep vs
        // sequential mismatch, ScalarLifetimeTest). The engine allocates this one itself, so the
        // graph's reference keeps it alive; it belongs to the step's manager like the product.
        NDArray s = in.getManager().full(new Shape(), scale, in.getDataType());
        NDArray product = adapterForward(in, a, b, training).singletonOrThrow();
        if (!training) {
            // Inference scales in place: the same products, without a new activation-sized array
            // (allocating and first touching it cost as much as the product: docs/benchmarks.md,
            // "Cheap analysis"). Training keeps the product for the backward.
            product.muli(s);
            s.close();
            return product;
        }
        return product.mul(s);
    }

    /** ‖W + s·B·A‖ per output channel, shaped like the magnitude vector (DoRA's column norm). */
    NDArray directionNorm(NDArray weight, NDArray a, NDArray b) {
        long out = weight.getShape().get(0);
        try (NDArray lw = loraWeight(a, b);
                NDArray scaled = lw.mul(scale);
                NDArray combined = weight.add(scaled);
                NDArray rows = combined.reshape(out, -1);
                NDArray norms = rows.norm(new int[] {1})) {
            return norms.reshape(magnitudeShape);
        }
    }

    /** A per-output-channel vector shaped to broadcast over the base weight (out, 1, …). */
    NDArray perChannel(NDArray v) {
        Shape w = baseWeight.getArray().getShape();
        return v.reshape(new Shape(w.get(0)).addAll(ones(w.dimension() - 1)));
    }

    @Override
    public long trainableParameters() {
        return lowRankParameters() + (magnitude == null ? 0 : magnitude.getArray().size());
    }

    @Override
    public NDArray deltaWeight() {
        return variant.deltaWeight(this);
    }

    /** s·B·A of the current A and B, before init records them (PiSSA's principal part). */
    NDArray initialPrincipal() {
        return loraWeight(loraA.getArray(), loraB.getArray()).muli(scale);
    }

    @Override
    public NDArray initialDeltaWeight() {
        return loraWeight(initialA, initialB).muli(scale);
    }

    @Override
    public NDArray initialA() {
        return initialA;
    }

    @Override
    public NDArray initialB() {
        return initialB;
    }

    @Override
    public Parameter magnitude() {
        return magnitude;
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
