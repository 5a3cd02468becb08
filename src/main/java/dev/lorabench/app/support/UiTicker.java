package dev.lorabench.app.support;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action on the UI executor a few times a second, only while started, from a timer thread
 * of its own. Not the toolkit's animation timer on purpose: an {@code AnimationTimer} keeps JavaFX
 * pulsing 60 times a second for as long as it runs, so in a live run the FX thread and the
 * toolkit's dispatcher switched in ~174 and ~123 times a second (81 and 18 without it), and an
 * idle window spent 0.65 CPU seconds in 30 s (0.23 without it; docs/benchmarks.md, "The window's
 * cost").
 * At most one tick waits on the UI executor at a time: a busy UI thread is not flooded. Call
 * {@link #start} and {@link #stop} from one thread (the FX thread in the app).
 */
public final class UiTicker implements AutoCloseable {

    private final long intervalNanos;
    private final Executor ui;
    private final Runnable action;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledFuture<?> ticks;

    /**
     * @param threadName the timer thread's name (a daemon)
     * @param intervalNanos time between two ticks, more than 0
     * @param ui where the action runs (e.g. {@code Platform::runLater})
     */
    public UiTicker(String threadName, long intervalNanos, Executor ui, Runnable action) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("intervalNanos must be more than 0 but was " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
        this.ui = ui;
        this.action = action;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /** Starts ticking, the first tick one interval from now; does nothing if already ticking. */
    public void start() {
        if (ticks == null && !timer.isShutdown()) {
            ticks = timer.scheduleWithFixedDelay(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops ticking (a tick already handed to the UI executor still runs). */
    public void stop() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    public boolean isTicking() {
        return ticks != null;
    }

    /** Stops for good and ends the timer thread. */
    @Override
    public void close() {
        stop();
        timer.shutdownNow();
    }

    private void tick() {
        if (pending.compareAndSet(false, true)) {
            ui.execute(() -> {
                pending.set(false);
                action.run();
            });
        }
    }
}
