package dev.lorabench.app.support;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands the latest of many values from a worker thread to the UI executor without flooding it:
 * at most one hand-over is pending at a time, and it carries the newest value.
 */
public final class Coalescer<T> {

    private final Executor ui;
    private final Consumer<T> sink;
    private final AtomicReference<T> latest = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();

    public Coalescer(Executor ui, Consumer<T> sink) {
        this.ui = ui;
        this.sink = sink;
    }

    public void offer(T value) {
        latest.set(value);
        if (pending.compareAndSet(false, true)) {
            ui.execute(() -> {
                pending.set(false);
                sink.accept(latest.get());
            });
        }
    }
}
