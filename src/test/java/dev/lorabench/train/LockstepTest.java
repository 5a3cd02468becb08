package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The lockstep schedule trains every variant exactly as the sequential one does. */
class LockstepTest {

    private final ExperimentRunner runner = new ExperimentRunner(SmallRuns.MNIST_SMALL);

    @Test
    void lockstepAndSequentialGiveTheSameLossesForTheSameSeed() {
        ExperimentPlan.Builder plan = SmallRuns.mlp().setRanks(List.of(1, 2, 4)).setFull(true)
                .setTrainLimit(400).setFinetuneSteps(8);
        RecordingListener seqEvents = new RecordingListener();
        RecordingListener lockEvents = new RecordingListener();
        RunResult seq = runner.run(plan.setSchedule(Schedule.SEQUENTIAL).build(), seqEvents, new AtomicBoolean());
        RunResult lock = runner.run(plan.setSchedule(Schedule.LOCKSTEP).build(), lockEvents, new AtomicBoolean());
        assertNotNull(seq, () -> "sequential failed: " + seqEvents.last());
        assertNotNull(lock, () -> "lockstep failed: " + lockEvents.last());
        assertEquals(seq.base().losses(), lock.base().losses());
        assertEquals(4, lock.variants().size());
        for (int v = 0; v < seq.variants().size(); v++) {
            VariantResult a = seq.variants().get(v);
            VariantResult b = lock.variants().get(v);
            assertEquals(a.spec(), b.spec());
            assertEquals(a.losses().size(), b.losses().size());
            for (int i = 0; i < a.losses().size(); i++) {
                double x = a.losses().get(i).loss();
                double y = b.losses().get(i).loss();
                assertEquals(a.losses().get(i).step(), b.losses().get(i).step());
                assertEquals(x, y, 1e-5 * Math.max(1, Math.abs(x)), a.spec().name() + " step " + (i + 1));
            }
            assertEquals(a.evaluation().accuracy(), b.evaluation().accuracy(), 1e-9, a.spec().name());
            assertEquals(a.baseUnchanged(), b.baseUnchanged());
            assertEquals(a.integrity().unmergeRestoresBase(), b.integrity().unmergeRestoresBase());
        }
        assertEquals(seq.spectra().size(), lock.spectra().size());
        assertEquals(seq.truncation().k(), lock.truncation().k());
        assertEquals(seqEvents.of(TrainingEvent.StepLoss.class).size(), lockEvents.of(TrainingEvent.StepLoss.class).size());
        assertEquals(4, lockEvents.of(TrainingEvent.VariantFinished.class).size());
        assertTrue(lockEvents.last() instanceof TrainingEvent.RunFinished);
    }
}
