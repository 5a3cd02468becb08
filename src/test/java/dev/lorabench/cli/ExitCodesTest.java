package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.MnistSmall;
import dev.lorabench.train.DataSource;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.train.RunFailure;
import dev.lorabench.train.TrainingEvent;
import dev.lorabench.train.TrainingListener;
import dev.lorabench.train.TrainingService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of failure a real run ends with, taken from its handle, gets its exit code and its
 * one line from the command line's handler: usage 2, data 3, cancelled 130, internal 1.
 */
class ExitCodesTest {

    @TempDir Path tmp;

    private static final DataSource SUBSET = dataset -> MnistSmall.load();

    private static ExperimentPlan.Builder small() {
        return ExperimentPlan.builder().setDataset("mnist").setTrainLimit(300).setTestLimit(50)
                .setFinetuneSteps(3).setRanks(List.of(1)).setFull(false);
    }

    @Test
    void aUsageFailureExitsTwo() {
        RunFailure f = failure(SUBSET, small().setRanks(List.of(1001)).build(), e -> { }, null);
        assertReported(f, 2, "lorabench: rank must be in 1..1000 for the mlp model's targeted layers but was 1001");
    }

    @Test
    void aDataFailureExitsThree() {
        Path missing = tmp.resolve("gone");
        RunFailure f = failure(DataSource.cached(new DatasetCache(tmp.resolve("cache"))),
                small().setDataset("idx:" + missing).build(), e -> { }, null);
        assertReported(f, 3, "lorabench: " + missing + ": missing train-images-idx3-ubyte (raw or .gz)");
    }

    @Test
    void aCancelledHandleExits130() {
        // The listener cancels the run's own handle at its first step: no timing involved.
        AtomicReference<TrainingService.RunHandle> handle = new AtomicReference<>();
        RunFailure f = failure(SUBSET, small().build(), e -> {
            if (e instanceof TrainingEvent.StepLoss) {
                handle.get().cancel();
            }
        }, handle);
        assertInstanceOf(RunFailure.Cancelled.class, f);
        assertReported(f, ExitCodes.CANCELLED, "lorabench: run cancelled");
        assertEquals(130, ExitCodes.CANCELLED);
    }

    @Test
    void anInternalFailureExitsOne() {
        DataSource broken = dataset -> {
            throw new IllegalStateException("reader lost its place");
        };
        RunFailure f = failure(broken, small().build(), e -> { }, null);
        assertReported(f, 1, "lorabench: IllegalStateException: reader lost its place");
    }

    /**
     * Starts the run queued (so that {@code handle} is set before it runs, as the CLI does), runs
     * it on this thread and returns the failure its handle ends with.
     */
    private static RunFailure failure(DataSource source, ExperimentPlan plan, TrainingListener listener,
            AtomicReference<TrainingService.RunHandle> handle) {
        List<Runnable> queued = new java.util.ArrayList<>();
        TrainingService.RunHandle started = new TrainingService(queued::add, source).start(plan, listener);
        if (handle != null) {
            handle.set(started);
        }
        queued.forEach(Runnable::run);
        return assertThrows(RunFailure.class, started::await);
    }

    private static void assertReported(RunFailure f, int code, String line) {
        StringWriter err = new StringWriter();
        assertEquals(code, Cli.report(f, new PrintWriter(err)));
        assertEquals(code, ExitCodes.of(f));
        assertEquals(line, err.toString().strip());
    }
}
