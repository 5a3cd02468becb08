package dev.lorabench.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.lorabench.Offline;
import dev.lorabench.model.Architecture;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An inference forward pass frees its intermediate activations as it goes (model.Intermediates):
 * the caller's batch manager ends up holding the input and the output only, where a training pass
 * keeps every activation for backward. Without it a conv net tested 1,000 images at a time held
 * ~25 activations of 50 MB each at once (docs/benchmarks.md, "Lean memory").
 */
class InferenceIntermediatesTest {

    private static final ModelSpec VGG = ModelSpec.forImages(Architecture.VGG, 1, 28, 28, 10);
    private static final ModelSpec RESNET = ModelSpec.forImages(Architecture.RESNET, 1, 28, 28, 10);

    @BeforeAll
    static void offline() {
        Offline.enforce();
    }

    @Test
    void vggInferenceKeepsOnlyInputAndOutputAndComputesWhatTrainingModeDoes() {
        try (NDManager model = NDManager.newBaseManager()) {
            Block block = built(model, VGG, 3);
            try (NDManager inference = NDManager.newBaseManager();
                    NDManager training = NDManager.newBaseManager()) {
                NDArray out = forward(block, images(inference, 4), false);
                assertEquals(2, inference.getManagedArrays().size(), "input and output only");
                NDArray reference = forward(block, images(training, 4), true);
                // The VGG has no normalisation or dropout, so training mode runs the same operations
                // and keeps every activation: the oracle for the values, and what inference now drops.
                assertTrue(training.getManagedArrays().size() > 10,
                        training.getManagedArrays().size() + " arrays after a training pass");
                assertArrayEquals(reference.toFloatArray(), out.toFloatArray());
            }
        }
    }

    @Test
    void vggWithLoraOfEachSmallRankInfersBitForBitWhatTrainingModeComputes() {
        // Inference pools by maxima of views and projects a convolution's adapter up by a product
        // (MaxPool2d, LoraConv2d); training mode keeps PyTorch's max-pool and 1×1 convolution: the
        // oracle. Ranks 1–4 are vgg-mnist's; B is random so that the adapters count.
        for (int rank = 1; rank <= 4; rank++) {
            try (NDManager model = NDManager.newBaseManager()) {
                Block block = built(model, VGG, 10 + rank);
                AdapterSet adapters = LoraInjector.inject(block, LoraTargets.linearAndConv(), LoraConfig.of(rank, 2f));
                Random random = new Random(rank);
                for (AdaptedLayer layer : adapters.layers()) {
                    float[] b = new float[Math.toIntExact(layer.layer().loraB().getArray().size())];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (float) random.nextGaussian() * 0.1f;
                    }
                    layer.layer().loraB().getArray().set(b);
                }
                try (NDManager inference = NDManager.newBaseManager();
                        NDManager training = NDManager.newBaseManager()) {
                    float[] out = forward(block, images(inference, 6), false).toFloatArray();
                    float[] reference = forward(block, images(training, 6), true).toFloatArray();
                    assertArrayEquals(reference, out, "rank " + rank);
                    adapters.setEnabled(false);
                    float[] base = forward(block, images(inference, 6), false).toFloatArray();
                    assertTrue(!java.util.Arrays.equals(base, out), "the adapters change the output");
                }
            }
        }
    }

    @Test
    void resnetWithLoraOnEveryLayerKeepsOnlyInputAndOutput() {
        try (NDManager model = NDManager.newBaseManager()) {
            Block block = built(model, RESNET, 5);
            AdapterSet adapters = LoraInjector.inject(block, LoraTargets.linearAndConv(), LoraConfig.of(2, 4f));
            assertTrue(adapters.layers().size() > 5, adapters.layers().size() + " adapted layers");
            try (NDManager batch = NDManager.newBaseManager()) {
                NDArray out = forward(block, images(batch, 4), false);
                assertEquals(new Shape(4, 10), out.getShape());
                assertEquals(2, batch.getManagedArrays().size(), "input and output only");
            }
        }
    }

    private static Block built(NDManager manager, ModelSpec spec, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Block block = ModelFactory.build(spec);
        block.initialize(manager, DataType.FLOAT32, spec.batchShape(1));
        return block;
    }

    private static NDArray images(NDManager manager, int count) {
        Random random = new Random(17);
        float[] x = new float[count * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return manager.create(x, new Shape(count, 784));
    }

    private static NDArray forward(Block block, NDArray x, boolean training) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), training).singletonOrThrow();
    }
}
