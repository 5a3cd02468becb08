package dev.lorabench.lora;

import dev.lorabench.model.Intermediates;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A frozen {@link Conv2d} plus a low-rank update, as PEFT builds it: A is a convolution with the
 * base's kernel, stride and padding into r channels, B a 1×1 convolution from r channels to the
 * base's output channels. ΔW = s · B·A reshaped to the base kernel.
 */
public final class LoraConv2d extends LoraBlockBase {

    private final Conv2d conv;
    private final long inChannels;
    private final long outChannels;
    private final Shape kernel;

    private LoraConv2d(Conv2d base, LoraConfig config, Shape weightShape) {
        super(base, config);
        this.conv = base;
        this.outChannels = weightShape.get(0);
        this.inChannels = weightShape.get(1);
        this.kernel = weightShape.slice(2);
    }

    /**
     * Wraps an initialised 2-D convolution (groups = 1).
     *
     * @throws IllegalArgumentException if the rank exceeds min(in·kh·kw, out)
     */
    public static LoraConv2d wrap(Conv2d base, LoraConfig config) {
        if (base.getGroups() != 1) {
            throw new IllegalArgumentException(
                    "LoRA needs an ungrouped convolution but groups was " + base.getGroups());
        }
        Shape w = LoraLinear.weightOf(base).getArray().getShape();
        checkRank(config, Math.min(w.get(1) * w.slice(2).size(), w.get(0)));
        return new LoraConv2d(base, config, w);
    }

    @Override
    protected NDList adapterForward(NDArray x, NDArray a, NDArray b, boolean training) {
        NDArray down =
                Conv2d.conv2d(
                                x,
                                a,
                                null,
                                conv.getStride(),
                                conv.getPadding(),
                                conv.getDilation())
                        .singletonOrThrow();
        NDList up = Conv2d.conv2d(down, b);
        if (Intermediates.free(training)) {
            down.close(); // inference: free it now, not with the batch (model.Intermediates)
        }
        return up;
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        int r = config().rank();
        loraA().setShape(new Shape(r, inChannels).addAll(kernel));
        loraB().setShape(new Shape(outChannels, r, 1, 1));
    }

    @Override
    protected NDArray baseProduct(NDArray x, NDArray weight) {
        return Conv2d.conv2d(x, weight, null, conv.getStride(), conv.getPadding(), conv.getDilation())
                .singletonOrThrow();
    }

    @Override
    NDArray loraWeight(NDArray a, NDArray b) {
        int r = config().rank();
        try (NDArray a2 = a.reshape(r, -1);
                NDArray b2 = b.reshape(outChannels, r);
                NDArray product = b2.matMul(a2)) {
            return product.reshape(new Shape(outChannels, inChannels).addAll(kernel));
        }
    }

    @Override
    protected long lowRankParameters() {
        return config().rank() * (inChannels * kernel.size() + outChannels);
    }

}
