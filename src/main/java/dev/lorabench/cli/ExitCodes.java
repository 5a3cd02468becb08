package dev.lorabench.cli;

import dev.lorabench.train.RunFailure;

/** Process exit codes of the command line. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A run failed for a reason other than bad input (e.g. the engine). */
    public static final int FAILED = 1;
    /** A bad option value or usage. */
    public static final int USAGE = 2;
    /** Bad or missing data (dataset, base file). */
    public static final int DATA = 3;
    /** The run was cancelled (128 + SIGINT, as shells report Ctrl-C). */
    public static final int CANCELLED = 130;

    /** The exit code of a run that ended without a result. */
    public static int of(RunFailure failure) {
        if (failure instanceof RunFailure.Usage) {
            return USAGE;
        }
        if (failure instanceof RunFailure.Data) {
            return DATA;
        }
        return failure instanceof RunFailure.Cancelled ? CANCELLED : FAILED;
    }

    private ExitCodes() {}
}
