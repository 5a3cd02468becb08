package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts experiment runs on an injected executor (a background thread in the app, the calling
 * thread in tests). Each run gets a handle to cancel it and a future of its result.
 */
public final class TrainingService {

    private final Executor executor;
    private final ExperimentRunner runner;

    public TrainingService(Executor executor, DataSource dataSource) {
        this(executor, dataSource, ModelSink.NONE);
    }

    /** A service whose runs also hand their models to {@code sink} (for exports). */
    public TrainingService(Executor executor, DataSource dataSource, ModelSink sink) {
        this.executor = executor;
        this.runner = new ExperimentRunner(dataSource, sink);
    }

    /** Starts a run; events go to {@code listener} on the executor's thread. */
    public RunHandle start(ExperimentPlan plan, TrainingListener listener) {
        AtomicBoolean cancel = new AtomicBoolean();
        CompletableFuture<RunResult> future = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                future.complete(runner.run(plan, listener, cancel));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return new RunHandle(cancel, future);
    }

    /** A started run. */
    public static final class RunHandle {
        private final AtomicBoolean cancel;
        private final CompletableFuture<RunResult> result;

        RunHandle(AtomicBoolean cancel, CompletableFuture<RunResult> result) {
            this.cancel = cancel;
            this.result = result;
        }

        /** Asks the run to stop; it checks between steps and ends with RunCancelled. */
        public void cancel() {
            cancel.set(true);
        }

        public boolean isCancelRequested() {
            return cancel.get();
        }

        /** Completes with the result, or with null when the run failed or was cancelled. */
        public CompletableFuture<RunResult> result() {
            return result;
        }
    }
}
