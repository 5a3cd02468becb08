package dev.lorabench.app.support;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One call off the FX thread, in the shape of JabRef's {@code BackgroundTask}: {@link #wrap} the
 * work, say what happens as it starts ({@link #onRunning}, at once on the calling thread) and as it
 * ends ({@link #onFinished}, then {@link #onSuccess} or {@link #onFailure}, on the UI executor), and
 * {@link #executeWith} a {@link TaskExecutor}. With {@link #dropUnless} an answer that is no longer
 * wanted when it arrives (a {@link LatestWins} ticket that was superseded) is dropped, callbacks and
 * all. onFailure gets the exception the work threw, not a CompletionException around it.
 */
public final class BackgroundTask<T> {

    /** The work; it may throw any exception, which then goes to {@link #onFailure}. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    private final Work<T> work;
    private Runnable onRunning = () -> {};
    private Runnable onFinished = () -> {};
    private Consumer<? super T> onSuccess = value -> {};
    private Consumer<Throwable> onFailure = error -> {};
    private BooleanSupplier wanted = () -> true;

    private BackgroundTask(Work<T> work) {
        this.work = work;
    }

    public static <T> BackgroundTask<T> wrap(Work<T> work) {
        return new BackgroundTask<>(work);
    }

    /** Runs on the calling thread just before the work is handed to the background executor. */
    public BackgroundTask<T> onRunning(Runnable action) {
        this.onRunning = action;
        return this;
    }

    /** Runs on the UI executor when a wanted answer arrives, before onSuccess or onFailure. */
    public BackgroundTask<T> onFinished(Runnable action) {
        this.onFinished = action;
        return this;
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> action) {
        this.onSuccess = action;
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<Throwable> action) {
        this.onFailure = action;
        return this;
    }

    /** Delivers the answer only if {@code stillWanted} holds when it arrives (asked on the UI executor). */
    public BackgroundTask<T> dropUnless(BooleanSupplier stillWanted) {
        this.wanted = stillWanted;
        return this;
    }

    /**
     * Starts the work. The future completes when the work has ended (before the answer is
     * delivered), with its value or its exception, whether or not the answer was still wanted.
     */
    public CompletableFuture<T> executeWith(TaskExecutor executor) {
        onRunning.run();
        CompletableFuture<T> done = CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor.background());
        done.whenComplete((value, error) -> executor.ui().execute(() -> deliver(value, error)));
        return done;
    }

    private void deliver(T value, Throwable error) {
        if (!wanted.getAsBoolean()) {
            return;
        }
        onFinished.run();
        if (error == null) {
            onSuccess.accept(value);
        } else {
            onFailure.accept(cause(error));
        }
    }

    /** The exception behind the wrappers futures and unchecked I/O put around it. */
    static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof UncheckedIOException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
