package dev.lorabench.app.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The background helper on real threads: a pool for the work and one "UI" thread that delivers,
 * as the FX thread does in the app. Order is forced with latches, never with sleeps.
 */
class BackgroundTaskTest {

    private static final long HANG_GUARD_SECONDS = 30;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ExecutorService uiThread = Executors.newSingleThreadExecutor();
    private final List<String> applied = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        uiThread.shutdownNow();
    }

    @Test
    void aStaleAnswerIsDroppedAndOnlyTheLatestIsApplied() throws Exception {
        // Counts hand-overs to the UI thread, so the test knows when both answers are queued there.
        CountDownLatch delivered = new CountDownLatch(2);
        TaskExecutor tasks = new TaskExecutor(pool, command -> {
            uiThread.execute(command);
            delivered.countDown();
        });
        LatestWins latest = new LatestWins();
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        CountDownLatch secondApplied = new CountDownLatch(1);

        var first = BackgroundTask.wrap(() -> {
                    await(firstMayFinish);
                    return "first";
                })
                .dropUnless(latest.next())
                .onFinished(() -> applied.add("finished first"))
                .onSuccess(applied::add)
                .executeWith(tasks);
        var second = BackgroundTask.wrap(() -> "second")
                .dropUnless(latest.next())
                .onSuccess(value -> {
                    applied.add(value);
                    secondApplied.countDown();
                })
                .executeWith(tasks);

        await(secondApplied);
        firstMayFinish.countDown(); // the first request's answer now arrives last
        await(delivered);
        uiThread.submit(() -> {}).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS); // the UI thread has run both deliveries

        assertEquals(List.of("second"), applied);
        assertEquals("first", first.get(), "the work itself ran to its end");
        assertEquals("second", second.get());
    }

    @Test
    void aFailureReachesOnFailureUnwrappedAfterOnRunningAndOnFinished() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        TaskExecutor tasks = new TaskExecutor(pool, uiThread);
        var future = BackgroundTask.<String>wrap(() -> {
                    throw new IOException("disk full");
                })
                .onRunning(() -> applied.add("running"))
                .onFinished(() -> applied.add("finished"))
                .onSuccess(value -> applied.add("success " + value))
                .onFailure(error -> {
                    applied.add(error.getClass().getSimpleName() + ": " + error.getMessage());
                    done.countDown();
                })
                .executeWith(tasks);
        await(done);

        assertEquals(List.of("running", "finished", "IOException: disk full"), applied);
        ExecutionException thrown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, future::get);
        assertInstanceOf(IOException.class, thrown.getCause());
    }

    @Test
    void anAnswerForASelectionThatMovedOnIsDropped() {
        List<Runnable> held = new ArrayList<>(); // answers wait here until the test delivers them
        TaskExecutor tasks = new TaskExecutor(Runnable::run, held::add);
        LatestWins selection = new LatestWins();
        BackgroundTask.wrap(() -> "kept").dropUnless(selection.current()).onSuccess(applied::add).executeWith(tasks);
        // current() supersedes nothing: both answers of the same selection are applied.
        BackgroundTask.wrap(() -> "also kept").dropUnless(selection.current()).onSuccess(applied::add).executeWith(tasks);
        held.forEach(Runnable::run);
        held.clear();

        BackgroundTask.wrap(() -> "stale").dropUnless(selection.current()).onSuccess(applied::add).executeWith(tasks);
        selection.supersede();
        held.forEach(Runnable::run);

        assertEquals(List.of("kept", "also kept"), applied);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "hang guard");
    }
}
