package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.data.DatasetCache;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's outcome travels in its future: the result, or a typed {@link RunFailure} whose message
 * is the user's one line; the terminal event is still sent, once, as the last event.
 */
class TrainingServiceTest {

    @TempDir Path tmp;

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
            ExecutionException ended = assertThrows(ExecutionException.class, () -> handle.result().get(60, TimeUnit.SECONDS));
            RunFailure.Cancelled cancelled = assertInstanceOf(RunFailure.Cancelled.class, ended.getCause());
            assertEquals("run cancelled", cancelled.getMessage());
            assertInstanceOf(TrainingEvent.RunCancelled.class, events.last());
            assertEquals(1, events.events.stream().filter(TrainingEvent::isTerminal).count(), "one terminal event");
            assertEquals(3, events.of(TrainingEvent.StepLoss.class).size(), "steps after the cancel");
            assertTrue(events.of(TrainingEvent.RunFinished.class).isEmpty());
            RunFailure.Cancelled awaited = assertThrows(RunFailure.Cancelled.class, handle::await);
            assertEquals("run cancelled", awaited.getMessage());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aRankTooLargeForTheLayersIsAUsageFailure() {
        RecordingListener events = new RecordingListener();
        // The MLP's largest targeted layer (1000→2000) holds rank 1000 at most.
        RunFailure failure = failureOf(SmallRuns.MNIST_SMALL, SmallRuns.mlp().setRanks(List.of(1001)).build(), events);
        assertInstanceOf(RunFailure.Usage.class, failure);
        assertEquals("rank must be in 1..1000 for the mlp model's targeted layers but was 1001", failure.getMessage());
        assertAnnounced(events, TrainingEvent.FailureKind.USAGE, failure.getMessage());
        assertTrue(events.of(TrainingEvent.StepLoss.class).isEmpty(), "refused before training");
    }

    @Test
    void aMissingDatasetFolderIsADataFailure() {
        Path missing = tmp.resolve("no-such-folder");
        RecordingListener events = new RecordingListener();
        RunFailure failure = failureOf(DataSource.cached(new DatasetCache(tmp.resolve("cache"))),
                SmallRuns.mlp().setDataset("idx:" + missing).build(), events);
        assertInstanceOf(RunFailure.Data.class, failure);
        assertEquals(missing + ": missing train-images-idx3-ubyte (raw or .gz)", failure.getMessage());
        assertAnnounced(events, TrainingEvent.FailureKind.DATA, failure.getMessage());
    }

    @Test
    void aBugIsAnInternalFailureNamingItsException() {
        DataSource broken = dataset -> {
            throw new IllegalStateException("reader lost its place");
        };
        RecordingListener events = new RecordingListener();
        RunFailure failure = failureOf(broken, SmallRuns.mlp().build(), events);
        assertInstanceOf(RunFailure.Internal.class, failure);
        assertEquals("IllegalStateException: reader lost its place", failure.getMessage());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertAnnounced(events, TrainingEvent.FailureKind.INTERNAL, failure.getMessage());
    }

    /** Runs the plan on the calling thread and returns what its future completed with exceptionally. */
    private static RunFailure failureOf(DataSource source, ExperimentPlan plan, RecordingListener events) {
        TrainingService.RunHandle handle = new TrainingService(Runnable::run, source).start(plan, events);
        assertTrue(handle.result().isCompletedExceptionally());
        ExecutionException ended = assertThrows(ExecutionException.class, () -> handle.result().get());
        return assertInstanceOf(RunFailure.class, ended.getCause());
    }

    private static void assertAnnounced(RecordingListener events, TrainingEvent.FailureKind kind, String message) {
        TrainingEvent.RunFailed failed = assertInstanceOf(TrainingEvent.RunFailed.class, events.last());
        assertEquals(kind, failed.cause());
        assertEquals(message, failed.message());
        assertEquals(1, events.events.stream().filter(TrainingEvent::isTerminal).count(), "one terminal event");
    }
}
