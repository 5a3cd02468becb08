package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrainingServiceTest {

    /**
     * "Cancel is prompt" measured in steps, not seconds: the listener holds the run at its third
     * step until the cancel is in; the run checks between steps, so no fourth step may follow. The
     * 60 s bounds only guard against a hang.
     */
    @Test
    void cancelStopsARunningExperimentAtTheNextStep() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            TrainingService service = new TrainingService(executor, SmallRuns.MNIST_SMALL);
            CountDownLatch stepping = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            RecordingListener events = new RecordingListener();
            // 5 epochs of 2,000 rows at batch 10: 1,000 base steps if nothing stops it.
            TrainingService.RunHandle handle = service.start(
                    SmallRuns.mlp().setTrainLimit(2000).setBaseEpochs(5).setBatchSize(10).build(),
                    e -> {
                        events.on(e);
                        if (e instanceof TrainingEvent.StepLoss && events.of(TrainingEvent.StepLoss.class).size() == 3) {
                            stepping.countDown();
                            try {
                                resume.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException x) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
            assertTrue(stepping.await(60, TimeUnit.SECONDS), "training never started");
            handle.cancel();
            assertTrue(handle.isCancelRequested());
            resume.countDown();
            RunResult result = handle.result().get(60, TimeUnit.SECONDS);
            assertNull(result);
            assertInstanceOf(TrainingEvent.RunCancelled.class, events.last());
            assertEquals(3, events.of(TrainingEvent.StepLoss.class).size(), "steps after the cancel");
            assertTrue(events.of(TrainingEvent.RunFinished.class).isEmpty());
        } finally {
            executor.shutdownNow();
        }
    }
}
