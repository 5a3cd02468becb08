package dev.lorabench.interop;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.util.SplittableRandom;

/** Test helpers: initialised models with non-trivial values everywhere. */
final class Models {

    private Models() {}

    /** The specs the interop tests save and reload adapters of. */
    static final ModelSpec MLP = ModelSpec.mlpMnist();
    static final ModelSpec RESNET = ModelSpec.forImages(dev.lorabench.model.Architecture.RESNET, 1, 8, 8, 10);
    static final ModelSpec VGG = ModelSpec.forImages(dev.lorabench.model.Architecture.VGG, 1, 8, 8, 10);

    static Block build(NDManager m, ModelSpec spec) {
        Block block = ModelFactory.build(spec);
        block.initialize(m, DataType.FLOAT32, spec.batchShape(1));
        return block;
    }

    /** Overwrites every base parameter (BatchNorm statistics too) with seeded random values. */
    static void randomize(Block block, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : TorchNames.parameters(block).values()) {
            fill(p, r, p.getType() == Parameter.Type.RUNNING_VAR ? 0.5 : -0.3, 0.6);
        }
    }

    /** Gives every adapter's B (zero when fresh) and A (and DoRA's magnitude) seeded random values. */
    static void randomize(AdapterSet adapters, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (AdaptedLayer l : adapters.layers()) {
            fill(l.layer().loraA(), r, -0.3, 0.6);
            fill(l.layer().loraB(), r, -0.3, 0.6);
            if (l.layer().magnitude() != null) {
                fill(l.layer().magnitude(), r, 0.5, 1.0);
            }
        }
    }

    private static void fill(Parameter p, SplittableRandom r, double low, double width) {
        float[] v = new float[Math.toIntExact(p.getArray().size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (low + width * r.nextDouble());
        }
        p.getArray().set(v);
    }

    static float[] inputs(ModelSpec spec, int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * spec.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static float[] forward(Block block, ModelSpec spec, float[] x) {
        return Logits.of(block, x, x.length / spec.inputSize(), spec.inputSize());
    }
}
