package dev.lorabench.lora;

import dev.lorabench.model.Intermediates;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * A frozen {@link Linear} plus a low-rank update: y = W·x + b + s·B·A·x.
 *
 * <p>Follows DJL's block recipe: the base is a child block, A and B are parameters of this block.
 * B starts at zero, so a fresh adapter reproduces the base output exactly.
 */
public final class LoraLinear extends LoraBlockBase {

    private final long inFeatures;
    private final long outFeatures;

    private LoraLinear(Linear base, LoraConfig config, long inFeatures, long outFeatures) {
        super(base, config);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
    }

    /**
     * Wraps an initialised linear layer.
     *
     * @throws IllegalArgumentException if the rank exceeds min(in, out) of the layer
     */
    public static LoraLinear wrap(Linear base, LoraConfig config) {
        Shape w = weightOf(base).getArray().getShape();
        long out = w.get(0);
        long in = w.get(1);
        checkRank(config, Math.min(in, out));
        return new LoraLinear(base, config, in, out);
    }

    @Override
    protected NDList adapterForward(NDArray x, NDArray a, NDArray b, boolean training) {
        NDArray down = Linear.linear(x, a).singletonOrThrow();
        NDList up = Linear.linear(down, b);
        if (Intermediates.free(training)) {
            down.close(); // inference: free it now, not with the batch (model.Intermediates)
        }
        return up;
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        loraA().setShape(new Shape(config().rank(), inFeatures));
        loraB().setShape(new Shape(outFeatures, config().rank()));
    }

    @Override
    protected NDArray baseProduct(NDArray x, NDArray weight) {
        return Linear.linear(x, weight).singletonOrThrow();
    }

    @Override
    NDArray loraWeight(NDArray a, NDArray b) {
        return b.matMul(a);
    }

    @Override
    protected long lowRankParameters() {
        return config().rank() * (inFeatures + outFeatures);
    }

    static Parameter weightOf(Block base) {
        Parameter weight = base.getParameters().get("weight");
        if (weight == null || !weight.isInitialized()) {
            throw new IllegalStateException("base layer must be initialised before LoRA wraps it");
        }
        return weight;
    }
}
