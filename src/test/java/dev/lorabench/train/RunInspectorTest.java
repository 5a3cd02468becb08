package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Re-evaluating a finished run: LoRA off gives the base, on gives the variant, merged the same. */
class RunInspectorTest {

    private static RunResult run;

    @BeforeAll
    static void runOnce() throws Exception {
        // Without the ΔW lab, which no test here looks at (its SVDs of W cost ~3.5 s a run).
        run = new ExperimentRunner(SmallRuns.MNIST_SMALL).withoutDeltaWLab()
                .run(SmallRuns.mlp().setRanks(List.of(2)).setFull(false).setFinetuneSteps(8).build(),
                        e -> { }, new AtomicBoolean());
        assertNotNull(run);
    }

    @Test
    void adapterOffReproducesTheBaseAndOnReproducesTheVariant() {
        Evaluation off = RunInspector.evaluate(run.artifacts(), "lora-r2", AdapterMode.OFF);
        Evaluation on = RunInspector.evaluate(run.artifacts(), "lora-r2", AdapterMode.ON);
        Evaluation merged = RunInspector.evaluate(run.artifacts(), "lora-r2", AdapterMode.MERGED);
        assertEquals(run.base().evaluation().confusion(), off.confusion());
        assertEquals(run.variants().get(0).evaluation().confusion(), on.confusion());
        assertEquals(on.accuracy(), merged.accuracy(), 1.0 / on.samples());
        assertThrows(IllegalArgumentException.class, () -> RunInspector.evaluate(run.artifacts(), "lora-r9", AdapterMode.ON));
    }

    @Test
    void misclassifiedImagesAreOfTheClassWrongAndMostConfidentFirst() {
        Evaluation e = run.variants().get(0).evaluation();
        int worst = e.worstClass();
        List<Misclassified> wrong = RunInspector.misclassified(run.artifacts(), e, worst, 1000);
        assertEquals((int) e.classErrors().get(worst), wrong.size());
        assertFalse(wrong.isEmpty());
        for (int i = 0; i < wrong.size(); i++) {
            Misclassified m = wrong.get(i);
            assertEquals(worst, m.trueClass());
            assertTrue(m.predicted() != worst);
            assertEquals(28 * 28, m.pixels().length);
            assertTrue(m.confidence() > 0 && m.confidence() <= 1);
            if (i > 0) {
                assertTrue(wrong.get(i - 1).confidence() >= m.confidence());
            }
        }
        assertEquals(Math.min(3, wrong.size()), RunInspector.misclassified(run.artifacts(), e, worst, 3).size());
    }

    @Test
    void theRunKeepsTheBaseWeightsOfEveryAdaptedLayer() {
        assertEquals(List.of("0", "2", "4"), run.artifacts().baseWeights().keySet().stream().sorted().toList());
        assertEquals(1000, run.artifacts().baseWeights().get("0").rows());
        assertEquals(784, run.artifacts().baseWeights().get("0").cols());
    }
}
