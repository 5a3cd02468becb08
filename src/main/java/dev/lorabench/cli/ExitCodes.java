package dev.lorabench.cli;

/** Process exit codes of the command line. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A run failed for a reason other than bad input (e.g. the engine). */
    public static final int FAILED = 1;
    /** A bad option value or usage. */
    public static final int USAGE = 2;
    /** Bad or missing data (dataset, base file). */
    public static final int DATA = 3;
    /** The run was cancelled. */
    public static final int CANCELLED = 130;

    private ExitCodes() {}
}
