package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrainingServiceTest {

    @Test
    void cancelStopsARunningExperimentWithinOneSecond() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            TrainingService service = new TrainingService(executor, SmallRuns.MNIST_SMALL);
            CountDownLatch stepping = new CountDownLatch(3);
            RecordingListener events = new RecordingListener();
            TrainingService.RunHandle handle = service.start(
                    SmallRuns.mlp().setTrainLimit(2000).setBaseEpochs(5).setBatchSize(10).build(),
                    e -> {
                        events.on(e);
                        if (e instanceof TrainingEvent.StepLoss) {
                            stepping.countDown();
                        }
                    });
            assertTrue(stepping.await(60, TimeUnit.SECONDS), "training never started");
            long asked = System.nanoTime();
            handle.cancel();
            RunResult result = handle.result().get(5, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - asked) / 1e9;
            assertNull(result);
            assertInstanceOf(TrainingEvent.RunCancelled.class, events.last());
            assertTrue(seconds < 1.0, "cancel took " + seconds + " s");
        } finally {
            executor.shutdownNow();
        }
    }
}
