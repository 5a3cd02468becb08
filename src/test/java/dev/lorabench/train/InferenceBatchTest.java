package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.lorabench.Offline;
import dev.lorabench.data.ImageSet;
import dev.lorabench.data.MnistSmall;
import dev.lorabench.model.Architecture;
import dev.lorabench.model.ModelSpec;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The inference batch is bounded by the bytes its activations take: the measured bytes a row of
 * the MLP adds are at least what its layers' outputs hold (counted by hand), batches fill the
 * budget beside the fixed part, a conv net's widest activation (counted by hand) bounds its batch
 * by the cache, and the batch size does not change an evaluation.
 */
class InferenceBatchTest {

    static {
        Offline.enforce();
    }

    @Test
    void rowsFillTheBudgetBesideTheFixedPart() {
        // (1,000 − 200) / 100 = 8 rows.
        assertEquals(8, InferenceBatch.fit(1000, 200, 100, 50));
        // Room for 8 but only 5 rows to run.
        assertEquals(5, InferenceBatch.fit(1000, 200, 100, 5));
        // Not even one row fits: one row at a time, never none.
        assertEquals(1, InferenceBatch.fit(1000, 200, 900, 50));
        // The fixed part alone is over the budget: the fallback of 64 rows (or fewer if fewer).
        assertEquals(64, InferenceBatch.fit(1000, 1200, 10, 500));
        assertEquals(30, InferenceBatch.fit(1000, 1200, 10, 30));
        assertThrows(IllegalArgumentException.class, () -> new InferenceBatch(0));
    }

    @Test
    void theWidestActivationFillsTheCacheOrItsShareOfTheWeights() {
        // 8 MiB of a 1 MiB-a-row activation: 8 rows; nothing measured: every row.
        assertEquals(8, InferenceBatch.fitCache(1L << 20, 0, 100));
        assertEquals(100, InferenceBatch.fitCache(0, 0, 100));
        // Weights of 4 MiB: 8 × 4 MiB = 32 MiB beats the cache's 8, so 32 rows.
        assertEquals(32, InferenceBatch.fitCache(1L << 20, 4L << 20, 100));
        // A row wider than the cache: still one row.
        assertEquals(1, InferenceBatch.fitCache(16L << 20, 0, 100));
    }

    @Test
    void aVggRowsWidestActivationIsItsFirstConvolutionsOutputAndTheBatchSizeChangesNoResult() {
        Engine.getInstance();
        Torch.gradMode(false);
        ModelSpec spec = ModelSpec.forImages(Architecture.VGG, 1, 28, 28, 10);
        ImageSet images = MnistSmall.load().test().limit(120);
        Samples rows = Samples.classification(images.toFloatArray(), spec.inputSize(), images.labels());
        try (Model model = Model.newInstance("vgg");
                NDManager data = NDManager.newBaseManager();
                TensorSet test = TensorSet.of(data, rows)) {
            Block block = ExperimentRunner.newBlock(model, spec);
            InferenceBatch.Footprint footprint =
                    InferenceBatch.measure(block, test, new ParameterStore(test.manager(), false));
            // The first two convolutions write 16 channels of 28×28 floats a row, the widest.
            assertEquals(4L * 16 * 28 * 28, footprint.widestPerRow());
            // Convolutions 1→16, 16→16, 16→32, 32→32 (3×3, no bias), linear 1568→128 and 128→10 with biases.
            long weights = 16 * 9 + 16 * 16 * 9 + 32 * 16 * 9 + 32 * 32 * 9 + 1568 * 128 + 128 + 128 * 10 + 10;
            assertEquals(4 * weights, footprint.parameterBytes());
            // 8 MiB / 50,176 B: a test set of 10,000 rows runs 167 at a time.
            assertEquals(167, InferenceBatch.fitCache(footprint.widestPerRow(), footprint.parameterBytes(), 10_000));

            RunContext context = new RunContext(e -> { }, new AtomicBoolean(), 0);
            long small = footprint.fixed() + 7 * footprint.perRow() + footprint.perRow() / 2;
            Evaluator.Scored many = new Evaluator(context, small).evaluate(block, test, false, 10, true);
            Evaluator.Scored one = new Evaluator(context).evaluate(block, test, false, 10, true);
            assertEquals(one.evaluation().confusion(), many.evaluation().confusion());
            assertArrayEquals(one.outputs(), many.outputs(), 1e-5f);
        }
    }

    @Test
    void anMlpRowCostsAtLeastItsLayersOutputsAndTheBatchSizeChangesNoResult() {
        Engine.getInstance();
        Torch.gradMode(false);
        ModelSpec spec = ModelSpec.mlpMnist();
        ImageSet images = MnistSmall.load().test().limit(120);
        Samples rows = Samples.classification(images.toFloatArray(), spec.inputSize(), images.labels());
        try (Model model = Model.newInstance("mlp");
                NDManager data = NDManager.newBaseManager();
                TensorSet test = TensorSet.of(data, rows)) {
            Block block = ExperimentRunner.newBlock(model, spec);
            InferenceBatch.Footprint footprint =
                    InferenceBatch.measure(block, test, new ParameterStore(test.manager(), false));
            // Alive at the end of a row's forward pass: its 784 inputs, the first linear layer's
            // 1,000 outputs and their ReLU, the second's 2,000 and their ReLU, the 10 logits.
            long layerOutputs = 4L * (784 + 1000 + 1000 + 2000 + 2000 + 10);
            assertTrue(footprint.perRow() >= layerOutputs,
                    () -> "a row took " + footprint.perRow() + " bytes, its layers' outputs alone " + layerOutputs);
            assertTrue(footprint.perRow() <= 2 * layerOutputs,
                    () -> "a row took " + footprint.perRow() + " bytes, twice its layers' outputs is " + 2 * layerOutputs);

            RunContext context = new RunContext(e -> { }, new AtomicBoolean(), 0);
            // A budget for about 7 rows a batch against the default's one batch of all 120.
            long small = footprint.fixed() + 7 * footprint.perRow() + footprint.perRow() / 2;
            assertEquals(7, InferenceBatch.fit(small, footprint.fixed(), footprint.perRow(), 120));
            Evaluator.Scored many = new Evaluator(context, small).evaluate(block, test, false, 10, true);
            Evaluator.Scored one = new Evaluator(context).evaluate(block, test, false, 10, true);
            assertEquals(one.evaluation().confusion(), many.evaluation().confusion());
            assertEquals(120 * 10, one.outputs().length);
            assertArrayEquals(one.outputs(), many.outputs(), 1e-4f);
        }
    }
}
