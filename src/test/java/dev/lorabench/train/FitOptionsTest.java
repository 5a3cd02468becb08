package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Schedule;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The options a fit steps by reach the loop: stacking and the second thread are for speed only (a
 * lockstep sweep learns the same without them), while DJL's optimizer is a different update.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Tag("slow") // the default build skips it; ./mvnw -Pslow verify runs it
class FitOptionsTest {

    /** Float32 sums in another order, as in {@link LockstepTest} (which explains the bound). */
    private static final double RELATIVE = 1e-5;

    private final ExperimentPlan plan = SmallRuns.mlp().setSchedule(Schedule.LOCKSTEP).setTrainLimit(300)
            .setFinetuneSteps(4).build();
    // Static: JUnit makes a new instance per test, and runs are the slow part.
    private static RunResult defaults;

    /** The run with the default options, made once for both tests. */
    private RunResult defaults() throws RunFailure {
        if (defaults == null) {
            defaults = run(FitOptions.defaults());
        }
        return defaults;
    }

    @Test
    void withoutStackOrSecondThreadASweepLearnsTheSame() throws RunFailure {
        RunResult reference = defaults();
        FitOptions plain = FitOptions.defaults().withStacked(false).withOverlap(false);
        RunResult other = run(plain);
        assertEquals(reference.base().losses(), other.base().losses());
        assertEquals(reference.variants().size(), other.variants().size());
        for (int v = 0; v < reference.variants().size(); v++) {
            List<LossPoint> a = reference.variants().get(v).losses();
            List<LossPoint> b = other.variants().get(v).losses();
            String name = reference.variants().get(v).spec().name();
            assertEquals(4, a.size(), name);
            assertEquals(a.size(), b.size(), name);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).loss(), b.get(i).loss(), RELATIVE * Math.abs(a.get(i).loss()), name);
            }
            assertEquals(reference.variants().get(v).evaluation().confusion(),
                    other.variants().get(v).evaluation().confusion(), name);
        }
    }

    @Test
    void djlsOptimizerIsTheUpdateThatRuns() throws RunFailure {
        List<LossPoint> fused = defaults().base().losses();
        List<LossPoint> djl = run(FitOptions.defaults().withOptimizer(FitOptions.Optimizer.DJL)).base().losses();
        assertEquals(fused.size(), djl.size());
        // The first loss comes before any update; after it the two Adams differ where ε is added
        // (torch's formula: to the bias-corrected √v̂; DJL: to the raw √v), which shows from step 2.
        assertEquals(fused.get(0), djl.get(0));
        assertNotEquals(fused.get(1).loss(), djl.get(1).loss());
    }

    @Test
    void anOptimizerIsRequired() {
        assertEquals("optimizer must be FUSED or DJL but was null", assertThrows(IllegalArgumentException.class,
                () -> FitOptions.defaults().withOptimizer(null)).getMessage());
    }

    private RunResult run(FitOptions options) throws RunFailure {
        RecordingListener events = new RecordingListener();
        RunResult result = new ExperimentRunner(SmallRuns.MNIST_SMALL, ModelSink.NONE, options)
                .run(plan, events, new AtomicBoolean());
        assertNotNull(result, () -> options + " failed: " + events.last());
        return result;
    }
}
