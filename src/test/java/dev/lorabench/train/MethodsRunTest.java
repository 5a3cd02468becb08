package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Schedule;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * DoRA, PiSSA and OLoRA through a whole run on the MNIST subset: they step beside the plain LoRA
 * stack (they neither stack nor share the first layer's base product), give the same losses in
 * lockstep as in sequence, leave their base bit-identical (PiSSA's and OLoRA's base is the
 * residual W − s·B₀A₀, which must reproduce W with the principal part), and count DoRA's
 * magnitude vectors as trainable.
 */
class MethodsRunTest {

    /** Without the ΔW lab, which this test does not look at (its SVDs of W cost ~3.5 s a run). */
    private final ExperimentRunner runner = new ExperimentRunner(SmallRuns.MNIST_SMALL).withoutDeltaWLab();

    @Test
    void doraPissaAndOloraTrainBesideLoraAlikeInLockstepAndInSequence() throws Exception {
        ExperimentPlan.Builder plan = SmallRuns.mlp().setVariants("lora:2,dora:2,pissa:2,olora:2")
                .setAlpha(4).setTrainLimit(400).setFinetuneSteps(6);
        RunResult seq = run(plan, Schedule.SEQUENTIAL);
        RunResult lock = run(plan, Schedule.LOCKSTEP);
        assertEquals(List.of("lora-r2", "dora-r2", "pissa-r2", "olora-r2"),
                lock.variants().stream().map(v -> v.spec().name()).toList());
        for (int v = 0; v < 4; v++) {
            VariantResult a = seq.variants().get(v);
            VariantResult b = lock.variants().get(v);
            String name = a.spec().name();
            assertEquals(6, b.losses().size(), name);
            for (int i = 0; i < 6; i++) {
                double x = a.losses().get(i).loss();
                // Float32 sums in another order (LockstepTest explains the bound).
                assertEquals(x, b.losses().get(i).loss(), 1e-5 * Math.max(0.1, Math.abs(x)), name + " step " + (i + 1));
            }
            assertTrue(b.baseUnchanged(), name + ": the frozen base (or residual) is bit-identical");
            assertTrue(b.integrity().baseUnchanged(), name);
        }
        // DoRA adds one magnitude per output channel of each adapted layer: 1000 + 2000 + 10.
        assertEquals(1000 + 2000 + 10,
                lock.variants().get(1).trainableParameters() - lock.variants().get(0).trainableParameters());
        for (int v : new int[] {2, 3}) {
            double error = lock.variants().get(v).integrity().principalReconstructionError();
            assertTrue(error <= 1e-5, lock.variants().get(v).spec().name() + ": residual + s·B₀A₀ vs W: " + error);
        }
        assertTrue(Double.isNaN(lock.variants().get(0).integrity().principalReconstructionError()));
        // PiSSA starts from W's principal part, so its first step already differs from plain LoRA's.
        assertTrue(Math.abs(lock.variants().get(0).losses().get(1).loss() - lock.variants().get(2).losses().get(1).loss()) > 1e-4);
    }

    private RunResult run(ExperimentPlan.Builder plan, Schedule schedule) throws Exception {
        RecordingListener events = new RecordingListener();
        RunResult result = runner.run(plan.setSchedule(schedule).build(), events, new AtomicBoolean());
        assertNotNull(result, () -> schedule.id() + " failed: " + events.last());
        return result;
    }
}
