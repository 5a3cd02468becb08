package dev.lorabench.train;

import dev.lorabench.plan.Schedule;
import dev.lorabench.plan.ExperimentPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lockstep schedule trains every variant exactly as the sequential one does, under the run's
 * own seed and under an extra seed.
 */
class LockstepTest {

    /**
     * Per-step loss tolerance, relative. Lockstep shares the first layer's base product x·W0 across
     * the variants and stacks the adapters' products, so float32 sums run in another order; the
     * seeds, batches and updates are the same. On the MNIST subset below the largest relative
     * difference of the plain LoRA and rsLoRA lanes over 8 steps was 3.5e-7 (losses near 0.5, whose
     * float32 ulp is 6e-8: two or three ulps); the full fine-tune (not stacked: it steps beside the
     * stack on the lane thread) differed by 3.8e-6 at step 2, where its loss had fallen to 0.02, and
     * matched exactly once its loss was 0. 1e-5 leaves room for rounding that feeds back through
     * Adam over the steps, while a changed batch, seed or update moves a loss by far more (a
     * learning rate 1 % off in one lockstep lane moves its second loss by ~1e-4 relative and fails
     * this test).
     */
    private static final double RELATIVE = 1e-5;
    /**
     * Factor entries apart by at most this share of the factor's largest entry. Measured 3.9e-4
     * (lora-r1's first B): B starts at 0 and Adam divides its first tiny gradients by their own
     * size, so their rounding shows in the update; a wrong lane (padding, scale) is off by O(1).
     */
    private static final double FACTORS = 2e-3;

    /** The plain ranks and the full fine-tune. */
    private static final List<String> STACK = List.of("lora-r1", "lora-r2", "lora-r4", "full");
    /** rsLoRA and LoRA+ (two λ) beside plain LoRA of the same rank. */
    private static final List<String> METHODS = List.of("lora-r2", "rslora-r2", "loraplus-r2-l4", "loraplus-r2", "rslora-r4");

    private static RecordingListener seqEvents;
    private static RecordingListener lockEvents;
    private static RunResult seq;
    private static RunResult lock;

    /**
     * One plan for every test, run once per schedule: the ΔW lab's SVDs of W and of the full
     * fine-tune's ΔW cost most of a run (seconds each), training 8 steps of a variant little.
     * Two seeds, so the extra seed's pass is compared as well.
     */
    @BeforeAll
    static void runBothSchedules() throws Exception {
        ExperimentPlan.Builder plan = SmallRuns.mlp()
                .setVariants("lora:1,lora:2,lora:4,rslora:2,loraplus:2,loraplus:2:4,rslora:4,full")
                .setTrainLimit(400).setFinetuneSteps(8).setSeeds(2);
        // Without the ΔW lab (its SVDs of W and of the full ΔW were ~7 of a run's ~10 s here): it
        // only reads the trained factors, which are compared below, schedule against schedule.
        ExperimentRunner runner = new ExperimentRunner(SmallRuns.MNIST_SMALL).withoutDeltaWLab();
        seqEvents = new RecordingListener();
        lockEvents = new RecordingListener();
        seq = run(runner, plan, Schedule.SEQUENTIAL, seqEvents);
        lock = run(runner, plan, Schedule.LOCKSTEP, lockEvents);
    }

    @Test
    void lockstepAndSequentialGiveTheSameLossesForTheSameSeed() {
        // The base is trained once, before either schedule matters: bit-identical.
        assertEquals(seq.base().losses(), lock.base().losses());
        assertEquals(seq.base().sha256(), lock.base().sha256());
        assertEquals(seq.base().evaluation().confusion(), lock.base().evaluation().confusion());
        assertEquals(seq.targetClasses(), lock.targetClasses());

        // In Variant.ORDER: by rank, then method (LoRA+ by its B rate), the full fine-tune last.
        assertEquals(List.of("lora-r1", "lora-r2", "rslora-r2", "loraplus-r2-l4", "loraplus-r2", "lora-r4", "rslora-r4",
                "full"), lock.variants().stream().map(v -> v.spec().name()).toList());
        assertSameLosses(STACK);
        assertEquals(seqEvents.of(TrainingEvent.StepLoss.class).size(), lockEvents.of(TrainingEvent.StepLoss.class).size());
        assertEquals(8, lockEvents.of(TrainingEvent.VariantFinished.class).size());
        assertTrue(lockEvents.last() instanceof TrainingEvent.RunFinished);
    }

    /**
     * Per method: rsLoRA and LoRA+ lanes (two λ) stack beside plain LoRA and step exactly as they
     * do alone. Methods of one rank start from the same A (B = 0), so their first losses agree;
     * then each method's scale or B rate takes them apart.
     */
    @Test
    void everyMethodTrainsInLockstepAsInSequence() {
        assertSameLosses(METHODS);
        for (String name : METHODS.subList(1, 4)) {
            List<LossPoint> plain = variant(lock, "lora-r2").losses();
            List<LossPoint> method = variant(lock, name).losses();
            assertEquals(plain.get(0).loss(), method.get(0).loss(), 1e-6, "rank 2 methods start alike");
            assertTrue(Math.abs(plain.get(7).loss() - method.get(7).loss()) > 1e-4, name + " trains otherwise than plain LoRA");
        }
        com.google.gson.JsonObject plus = dev.lorabench.report.RunJson.toTree(lock)
                .getAsJsonArray("variants").get(3).getAsJsonObject();
        assertEquals("loraplus", plus.get("method").getAsString());
        assertEquals(2, plus.get("rank").getAsInt());
        assertEquals(4f, plus.get("lambda").getAsFloat());
    }

    /** The extra seed's pass is lockstep too, and trains each variant as the sequential pass does. */
    @Test
    void lockstepAndSequentialGiveTheSameLossesSeedBySeed() {
        int n = lock.variants().size();
        assertEquals(2 * n, lock.seedRuns().size());
        assertEquals(2 * n, seq.seedRuns().size());
        for (int i = 0; i < 2 * n; i++) {
            SeedRun a = seq.seedRuns().get(i);
            SeedRun b = lock.seedRuns().get(i);
            assertEquals(a.variant(), b.variant());
            assertEquals(a.seedIndex(), b.seedIndex());
            assertEquals(a.losses().size(), b.losses().size());
            for (int s = 0; s < a.losses().size(); s++) {
                double x = a.losses().get(s).loss();
                // The bound above, relative to max(|loss|, 0.1).
                assertEquals(x, b.losses().get(s).loss(), RELATIVE * Math.max(0.1, Math.abs(x)),
                        a.variant() + " seed " + a.seedIndex() + " step " + (s + 1));
            }
            assertEquals(a.evaluation().classErrors(), b.evaluation().classErrors(), a.variant() + " seed " + a.seedIndex());
        }
        // The full fine-tune has no initialisation to draw: its second seed differs by the batch order alone.
        SeedRun full0 = lock.seedRuns().get(2 * n - 2);
        SeedRun full1 = lock.seedRuns().get(2 * n - 1);
        assertEquals("full", full1.variant());
        assertEquals(1, full1.seedIndex());
        assertNotEquals(full0.losses().get(0).loss(), full1.losses().get(0).loss());
        for (int v = 0; v < n; v++) {
            assertEquals(steps(seq.variants().get(v).trajectory()), steps(lock.variants().get(v).trajectory()));
        }
    }

    private static RunResult run(ExperimentRunner runner, ExperimentPlan.Builder plan, Schedule schedule,
            RecordingListener events) throws Exception {
        RunResult result = runner.run(plan.setSchedule(schedule).build(), events, new AtomicBoolean());
        assertNotNull(result, () -> schedule.id() + " failed: " + events.last());
        return result;
    }

    private static VariantResult variant(RunResult run, String name) {
        return run.variants().stream().filter(v -> v.spec().name().equals(name)).findFirst().orElseThrow();
    }

    private static List<Integer> steps(List<TrajectoryPoint> points) {
        return points.stream().map(TrajectoryPoint::step).toList();
    }

    /**
     * The named variants' losses within {@link #RELATIVE} of |loss| (0 must match exactly: the
     * full fine-tune drives its single-class loss to 0 within a few steps), for LoRA+ of
     * max(|loss|, 0.1); and the same evaluations.
     */
    private static void assertSameLosses(List<String> names) {
        assertEquals(seq.variants().size(), lock.variants().size());
        double worst = 0;
        String worstAt = "";
        for (String name : names) {
            VariantResult a = variant(seq, name);
            VariantResult b = variant(lock, name);
            // LoRA+ drives losses near 0 within 8 steps, where −log p (p → 1) rounds in absolute terms
            // (measured: 1.2e-8 apart at a loss of 1.2e-3), so below 0.1 its bound is 1e-6 absolute.
            double floor = name.startsWith("loraplus") ? 0.1 : 0;
            assertEquals(a.spec(), b.spec());
            assertEquals(8, a.losses().size(), name);
            assertEquals(a.losses().size(), b.losses().size(), name);
            for (int i = 0; i < a.losses().size(); i++) {
                double x = a.losses().get(i).loss();
                double y = b.losses().get(i).loss();
                assertEquals(a.losses().get(i).step(), b.losses().get(i).step());
                assertTrue(Double.isFinite(x) && x >= 0, name + " step " + (i + 1) + ": " + x);
                if (x != 0 && Math.abs(x - y) / Math.abs(x) > worst) {
                    worst = Math.abs(x - y) / Math.abs(x);
                    worstAt = name + " step " + (i + 1);
                }
                assertEquals(x, y, RELATIVE * Math.max(floor, Math.abs(x)), name + " step " + (i + 1));
            }
            // Parameters within float rounding of each other classify the 200 test rows alike
            // (an argmax could flip on a near-tie, but not on this subset and seed).
            assertEquals(a.evaluation().confusion(), b.evaluation().confusion(), name);
            assertEquals(a.evaluation().classErrors(), b.evaluation().classErrors(), name);
            assertEquals(a.evaluation().accuracy(), b.evaluation().accuracy(), 0, name);
            assertEquals(a.trainableParameters(), b.trainableParameters(), name);
            assertEquals(a.baseUnchanged(), b.baseUnchanged(), name);
            assertEquals(a.integrity().unmergeRestoresBase(), b.integrity().unmergeRestoresBase(), name);
        }
        System.out.printf("lockstep vs sequential: largest relative loss difference %.3g (%s)%n", worst, worstAt);
        assertSameFactors();
    }

    /**
     * The trained adapters, what every later analysis (the ΔW lab, exports, the algebra) reads:
     * the same variants and layers, the same scale, A and B within float rounding.
     */
    private static void assertSameFactors() {
        var a = seq.artifacts().adapters();
        var b = lock.artifacts().adapters();
        assertEquals(a.keySet(), b.keySet());
        double worst = 0;
        for (String name : a.keySet()) {
            assertEquals(a.get(name).keySet(), b.get(name).keySet(), name);
            for (String layer : a.get(name).keySet()) {
                LoraFactors x = a.get(name).get(layer);
                LoraFactors y = b.get(name).get(layer);
                assertEquals(x.scale(), y.scale(), 0, name + " " + layer);
                worst = Math.max(worst, relativeGap(x.a(), y.a(), name + " " + layer + " A"));
                worst = Math.max(worst, relativeGap(x.b(), y.b(), name + " " + layer + " B"));
            }
        }
        System.out.printf("lockstep vs sequential: largest factor difference %.3g of the factor's largest entry%n", worst);
    }

    /** max |x − y| over max |x|, asserted ≤ FACTORS; the two must have the same shape. */
    private static double relativeGap(Matrix x, Matrix y, String what) {
        assertEquals(x.rows(), y.rows(), what);
        assertEquals(x.cols(), y.cols(), what);
        double[] p = x.values();
        double[] q = y.values();
        double largest = 0;
        double gap = 0;
        for (int i = 0; i < p.length; i++) {
            largest = Math.max(largest, Math.abs(p[i]));
            gap = Math.max(gap, Math.abs(p[i] - q[i]));
        }
        double relative = largest == 0 ? gap : gap / largest;
        assertTrue(relative <= FACTORS, what + ": " + relative);
        return relative;
    }
}
