package dev.lorabench.cli;

import dev.lorabench.train.TrainingService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cancels the command's run when the JVM is asked to stop (Ctrl-C, SIGTERM), and holds the
 * shutdown until the command has recorded how the run ended (the ledger's "cancelled"), so an
 * interrupted run ends like a cancelled one instead of being cut off mid-write.
 */
final class CancelOnShutdown implements AutoCloseable {

    // Enough for the run to reach its next cancel check and the ledger to be written; a run that
    // hangs does not hold the JVM for ever.
    private static final long GRACE_SECONDS = 30;

    private final AtomicReference<TrainingService.RunHandle> run = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread hook = new Thread(this::cancelAndWait, "lorabench-cancel-on-shutdown");

    CancelOnShutdown() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run a shutdown cancels. */
    void cancels(TrainingService.RunHandle handle) {
        run.set(handle);
    }

    private void cancelAndWait() {
        TrainingService.RunHandle handle = run.get();
        if (handle == null) {
            return;
        }
        handle.cancel();
        try {
            ended.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command is done with its run: a shutdown from now on need not wait. */
    @Override
    public void close() {
        ended.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (or has run); the count-down above lets it return.
        }
    }
}
