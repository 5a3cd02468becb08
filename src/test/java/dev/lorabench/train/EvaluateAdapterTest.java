package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.plan.ExperimentPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RunInspector#evaluateAdapter} runs any plain adapter on the run's base: the variant's own
 * factors give the variant's evaluation, zero factors and a dropped layer give what the base and
 * the run's adapter-off re-evaluation give, and a negative scale is a real subtraction.
 */
class EvaluateAdapterTest {

    private static RunResult run;

    @BeforeAll
    static void train() throws RunFailure {
        // A large learning rate, so that the adapter moves the predictions away from the base's.
        ExperimentPlan plan = SmallRuns.mlp().setVariants("lora:4").setTrainLimit(300).setFinetuneSteps(20)
                .setLr(1e-2f).build();
        // Without the ΔW lab, which no test here looks at (its SVDs of W cost ~3.5 s a run).
        run = new ExperimentRunner(SmallRuns.MNIST_SMALL).withoutDeltaWLab().run(plan, new RecordingListener(), new AtomicBoolean());
    }

    @Test
    void theVariantsOwnFactorsGiveTheVariantsEvaluation() {
        VariantResult lora = run.variants().get(0);
        AdapterFactors own = RunInspector.adapterOf(run.artifacts(), run.artifacts().loraVariant("lora-r4"));
        Evaluation again = RunInspector.evaluateAdapter(run.artifacts(), own);
        assertEquals(lora.evaluation().predicted(), again.predicted());
        for (int i = 0; i < again.confidence().size(); i++) {
            assertEquals(lora.evaluation().confidence().get(i), again.confidence().get(i), 1e-5, "row " + i);
        }
    }

    @Test
    void zeroFactorsAreTheBase() {
        AdapterFactors own = RunInspector.adapterOf(run.artifacts(), run.artifacts().loraVariant("lora-r4"));
        Map<String, LoraFactors> zero = new LinkedHashMap<>();
        own.layers().forEach((m, f) -> zero.put(m, new LoraFactors(f.a(), Matrix.zeros(f.b().rows(), f.b().cols()), 1)));
        Evaluation off = RunInspector.evaluate(run.artifacts(), "lora-r4", AdapterMode.OFF);
        Evaluation none = RunInspector.evaluateAdapter(run.artifacts(), AdapterFactors.of(zero));
        assertEquals(off.predicted(), none.predicted());
        assertEquals(off.confusion(), none.confusion());
        assertNotEquals(off.predicted(), run.variants().get(0).evaluation().predicted(),
                "the adapter changes some predictions, so the comparisons above have teeth");
    }

    @Test
    void aNegatedAdapterUndoesTheSameAdapterOnTheOtherSide() {
        // ΔW and −ΔW: the second is a different model (not the base, not the variant), and ΔW + (−ΔW)
        // as one cat-combined adapter (A stacked, B side by side) is the base again.
        AdapterFactors own = RunInspector.adapterOf(run.artifacts(), run.artifacts().loraVariant("lora-r4"));
        AdapterFactors negated = own.rescaled(-1);
        Evaluation minus = RunInspector.evaluateAdapter(run.artifacts(), negated);
        assertNotEquals(run.variants().get(0).evaluation().predicted(), minus.predicted());
        Map<String, LoraFactors> both = new LinkedHashMap<>();
        own.layers().forEach((m, f) -> {
            double[] a = new double[2 * f.rank() * f.a().cols()];
            System.arraycopy(f.a().values(), 0, a, 0, f.rank() * f.a().cols());
            System.arraycopy(f.a().values(), 0, a, f.rank() * f.a().cols(), f.rank() * f.a().cols());
            double[] b = new double[f.b().rows() * 2 * f.rank()];
            for (int r = 0; r < f.b().rows(); r++) {
                for (int k = 0; k < f.rank(); k++) {
                    b[r * 2 * f.rank() + k] = f.b().get(r, k);
                    b[r * 2 * f.rank() + f.rank() + k] = -f.b().get(r, k);
                }
            }
            both.put(m, new LoraFactors(Matrix.of(2 * f.rank(), f.a().cols(), a), Matrix.of(f.b().rows(), 2 * f.rank(), b),
                    f.scale()));
        });
        Evaluation cancelled = RunInspector.evaluateAdapter(run.artifacts(), AdapterFactors.of(both));
        Evaluation off = RunInspector.evaluate(run.artifacts(), "lora-r4", AdapterMode.OFF);
        assertEquals(off.predicted(), cancelled.predicted());
    }

    @Test
    void aModuleTheRunDoesNotAdaptIsNamed() {
        LoraFactors f = new LoraFactors(Matrix.zeros(1, 3), Matrix.zeros(2, 1), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunInspector.evaluateAdapter(run.artifacts(), AdapterFactors.of(Map.of("nowhere", f))));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }
}
