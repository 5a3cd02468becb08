package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import dev.lorabench.data.Safetensors;
import dev.lorabench.interop.PeftAdapters;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Variant;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DoRA variant re-built after its run (re-evaluation, adapter export) carries its trained
 * magnitude vectors, not the freshly initialised ‖W‖: its re-evaluation is the run's own, and the
 * exported {@code lora_magnitude_vector}s are the trained model's, read from the live model.
 */
class DoraRebuildTest {

    @TempDir Path tmp;

    @Test
    void aRebuiltDoraVariantIsTheTrainedOne() throws Exception {
        Map<String, float[]> trained = new LinkedHashMap<>();
        ModelSink sink = new ModelSink() {
            @Override
            public void variantTuned(Variant variant, ModelSpec spec, Block model, AdapterSet adapters) {
                for (AdaptedLayer layer : adapters.layers()) {
                    trained.put(layer.path(), layer.layer().magnitude().getArray().toFloatArray());
                }
            }
        };
        // A large learning rate, so that 20 steps move the magnitudes well away from ‖W‖.
        ExperimentPlan plan = SmallRuns.mlp().setVariants("dora:4").setTrainLimit(300).setFinetuneSteps(20).setLr(1e-2f)
                .build();
        // Without the ΔW lab, which this test does not look at (its SVDs of W cost ~3.5 s a run).
        RunResult run = new ExperimentRunner(SmallRuns.MNIST_SMALL, sink).withoutDeltaWLab()
                .run(plan, new RecordingListener(), new AtomicBoolean());
        assertNotNull(run);
        VariantResult dora = run.variants().get(0);
        Evaluation again = RunInspector.evaluate(run.artifacts(), "dora-r4", AdapterMode.ON);
        assertEquals(dora.evaluation().predicted(), again.predicted());
        List<Float> before = dora.evaluation().confidence();
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i), again.confidence().get(i), 1e-6, "confidence of test row " + i);
        }

        Path dir = tmp.resolve("dora-r4");
        RunInspector.saveAdapter(run.artifacts(), "dora-r4", dir);
        Map<String, Safetensors.Tensor> saved = Safetensors.readAll(dir.resolve(PeftAdapters.WEIGHTS));
        boolean moved = false;
        for (Map.Entry<String, float[]> e : trained.entrySet()) {
            float[] file = saved.get(PeftAdapters.magnitudeKey(e.getKey())).values();
            assertArrayEquals(e.getValue(), file, e.getKey());
            moved |= !java.util.Arrays.equals(file, initialNorms(run, e.getKey()));
        }
        assertTrue(moved, "the magnitudes moved away from their initial ‖W‖, so the check has teeth");
    }

    /** DoRA's initial magnitude on the run's base: ‖W‖ per output channel (B = 0), what a rebuild without the trained values would carry. */
    private static float[] initialNorms(RunResult run, String layer) {
        // With B = 0, DoRA's initial magnitude is ‖W‖ per output channel: the rows' norms of the base weight.
        dev.lorabench.analysis.Matrix w = run.artifacts().baseWeights().get(layer);
        float[] norms = new float[w.rows()];
        for (int r = 0; r < w.rows(); r++) {
            double sum = 0;
            for (int c = 0; c < w.cols(); c++) {
                sum += w.get(r, c) * w.get(r, c);
            }
            norms[r] = (float) Math.sqrt(sum);
        }
        return norms;
    }
}
