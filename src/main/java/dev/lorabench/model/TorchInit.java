package dev.lorabench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;

/**
 * PyTorch's default initialisation, so that a model built here starts from the same distribution
 * as the seeds' {@code torch.nn} models (and LoRA's A from PEFT's default).
 *
 * <p>{@code torch.nn.Linear} and {@code torch.nn.Conv2d} ({@code reset_parameters}) draw weights
 * with {@code kaiming_uniform_(a=√5)}: U(−b, b) with b = gain·√(3/fan_in), gain = √(2/(1+a²)),
 * which for a = √5 is b = 1/√fan_in; biases U(−1/√fan_in, 1/√fan_in). fan_in is the product of a
 * weight's dimensions after the first (in_features, or in_channels·kh·kw). DJL's own default is
 * a Kaiming-normal draw N(0, 2/fan_in), √6 ≈ 2.45× wider, with zero biases: a base trained from
 * it ended 1.3 points below the PyTorch twin on the seeds' MLP recipe (docs/fidelity.md).
 */
public final class TorchInit {

    /**
     * The name and version of this initialisation. Cached bases are keyed by it (ADR 0025): change
     * it with any change to what a model draws at the start, so no base of the old draw is reused.
     */
    public static final String SCHEME = "torch-default/1";

    private TorchInit() {}

    /** {@code kaiming_uniform_(w, a=√5)}: U(−1/√fan_in, 1/√fan_in), fan_in from the weight's shape. */
    public static Initializer kaimingUniform() {
        return KaimingUniform.A_SQRT5;
    }

    /** The weight's fan-in as PyTorch computes it: the product of all dimensions but the first. */
    public static long fanIn(Shape weightShape) {
        if (weightShape.dimension() < 2) {
            throw new IllegalArgumentException("a weight needs at least 2 dimensions but has shape " + weightShape);
        }
        return weightShape.slice(1).size();
    }

    /**
     * Sets PyTorch's default initialisers on a linear or convolution block: Kaiming-uniform (a = √5)
     * weights and, if it has one, a bias U(−1/√fanIn, 1/√fanIn).
     *
     * @param fanIn the layer's in_features, or in_channels·kh·kw for a convolution (a bias's own
     *     shape does not tell it, so the caller, who knows the layer's input, does)
     */
    public static <T extends Block> T torchDefault(T block, long fanIn) {
        if (fanIn < 1) {
            throw new IllegalArgumentException("fanIn must be at least 1 but was " + fanIn);
        }
        block.setInitializer(kaimingUniform(), Parameter.Type.WEIGHT);
        block.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(fanIn))), Parameter.Type.BIAS);
        return block;
    }

    /** U(−gain·√(3/fan_in), gain·√(3/fan_in)) with gain = √(2/(1+a²)). */
    private static final class KaimingUniform implements Initializer {

        static final KaimingUniform A_SQRT5 = new KaimingUniform(Math.sqrt(5));

        private final double a;

        private KaimingUniform(double a) {
            this.a = a;
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            double gain = Math.sqrt(2 / (1 + a * a));
            float bound = (float) (gain * Math.sqrt(3.0 / fanIn(shape)));
            return manager.randomUniform(-bound, bound, shape, dataType);
        }
    }
}
