package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts experiment runs on an injected executor (a background thread in the app, the calling
 * thread in tests). Each run gets a handle to cancel it and a future of its outcome: the result,
 * or a {@link RunFailure} that says why there is none. Events are notifications only; nothing
 * needs them to learn how a run ended.
 */
public final class TrainingService {

    private final Executor executor;
    private final ExperimentRunner runner;
    private final BaseCache bases;

    /** A service without a base cache: every run trains its base. */
    public TrainingService(Executor executor, DataSource dataSource) {
        this(executor, dataSource, BaseCache.off());
    }

    /** A service that reuses and keeps bases in {@code bases} unless a run's options say not to. */
    public TrainingService(Executor executor, DataSource dataSource, BaseCache bases) {
        this.executor = executor;
        this.runner = new ExperimentRunner(dataSource);
        this.bases = bases;
    }

    /** Starts a run with the default options; events go to {@code listener} on the executor's thread. */
    public RunHandle start(ExperimentPlan plan, TrainingListener listener) {
        return start(plan, listener, RunOptions.defaults());
    }

    /** Starts a run; events go to {@code listener} on the executor's thread. */
    public RunHandle start(ExperimentPlan plan, TrainingListener listener, RunOptions options) {
        AtomicBoolean cancel = new AtomicBoolean();
        CompletableFuture<RunResult> future = new CompletableFuture<>();
        BaseCache cache = options.baseCache() ? bases : BaseCache.off();
        executor.execute(() -> {
            try {
                future.complete(runner.run(plan, listener, cancel, cache, options.analysisRows()));
            } catch (Throwable t) {
                // Also what escapes the runner's own classification (an Error, a listener that threw).
                future.completeExceptionally(RunFailure.of(t));
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

        /** Asks the run to stop; it checks between steps and ends with {@link RunFailure.Cancelled}. */
        public void cancel() {
            cancel.set(true);
        }

        public boolean isCancelRequested() {
            return cancel.get();
        }

        /**
         * Completes with the result, or exceptionally with a {@link RunFailure} (usage, data,
         * cancelled or internal) after the run's terminal event was sent.
         */
        public CompletableFuture<RunResult> result() {
            return result;
        }

        /** Waits for the run: its result, or its failure thrown as itself. */
        public RunResult await() throws RunFailure, InterruptedException {
            try {
                return result.get();
            } catch (ExecutionException e) {
                throw RunFailure.of(e);
            }
        }
    }
}
