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
        NDList up = training ? Conv2d.conv2d(down, b) : new NDList(upByProduct(down, b));
        if (Intermediates.free(training)) {
            down.close(); // inference: free it now, not with the batch (model.Intermediates)
        }
        return up;
    }

    /**
     * B's 1×1 convolution as the product B·down over each image's positions, one sum over r per
     * value like the convolution's, and the same values bit for bit (measured for r = 1–32;
     * oracle in InferenceIntermediatesTest). oneDNN's 1×1 convolution from r ≤ 4 channels took
     * 3.5–18 ms CPU on 167 VGG rows, the product 0.5–0.7 ms (docs/benchmarks.md, "Cheap
     * analysis"). B is detached first: PyTorch's matmul does not fold the batch into one product
     * for an operand that records gradients, even with grad mode off, and took 4 ms then.
     * Inference only: training keeps the convolution and its backward.
     */
    private NDArray upByProduct(NDArray down, NDArray b) {
        Shape s = down.getShape();
        int r = config().rank();
        try (NDArray positions = down.reshape(s.get(0), r, s.get(2) * s.get(3));
                NDArray fixed = b.stopGradient();
                NDArray b2 = fixed.reshape(outChannels, r);
                NDArray product = b2.matMul(positions)) {
            return product.reshape(s.get(0), outChannels, s.get(2), s.get(3));
        }
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
