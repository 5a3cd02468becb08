package dev.lorabench.train;

import dev.lorabench.data.DataException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a run ended without a result: what a run's future completes with exceptionally. Its kind
 * is its type, so front ends map it without reading events (the CLI to exit codes, the GUI to a
 * dialog title); its message is the one line a person sees.
 */
public abstract sealed class RunFailure extends Exception
        permits RunFailure.Usage, RunFailure.Data, RunFailure.Cancelled, RunFailure.Internal {

    /** The kind a {@link TrainingEvent.RunFailed} names; null for a cancelled run, which has its own event. */
    private final TrainingEvent.FailureKind kind;

    private RunFailure(String message, Throwable cause, TrainingEvent.FailureKind kind) {
        super(message, cause);
        this.kind = kind;
    }

    /** The terminal event that announces this failure to listeners. */
    public TrainingEvent event() {
        return new TrainingEvent.RunFailed(getMessage(), kind);
    }

    /** A bad option value or input file of the user's (a rank too large, a base that does not fit). */
    public static final class Usage extends RunFailure {
        public Usage(String message, Throwable cause) {
            super(message, cause, TrainingEvent.FailureKind.USAGE);
        }
    }

    /** Bad or missing data (a dataset folder, an image file). */
    public static final class Data extends RunFailure {
        public Data(String message, Throwable cause) {
            super(message, cause, TrainingEvent.FailureKind.DATA);
        }
    }

    /** The run stopped because its handle was cancelled (or its thread interrupted). */
    public static final class Cancelled extends RunFailure {
        public Cancelled() {
            super("run cancelled", null, null);
        }

        @Override
        public TrainingEvent event() {
            return new TrainingEvent.RunCancelled();
        }
    }

    /** Neither the user's input nor their data: a bug or the engine. */
    public static final class Internal extends RunFailure {
        public Internal(String message, Throwable cause) {
            super(message, cause, TrainingEvent.FailureKind.INTERNAL);
        }
    }

    /**
     * What ended a run, as its typed failure. Option values and base files are the user's input
     * (usage); data errors are data; anything else is internal and names its exception type.
     * Unwraps the wrappers a future puts around the failure.
     */
    public static RunFailure of(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RunFailure f) {
            return f;
        }
        if (e instanceof RunCancelledException) {
            return new Cancelled();
        }
        if (e instanceof DataException) {
            return new Data(e.getMessage(), e);
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException) {
            return new Usage(e.getMessage(), e);
        }
        return new Internal(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}
