package dev.lorabench.train;

/**
 * How to run a plan, apart from the plan: choices that do not change what is trained, so they are
 * not part of the plan, its run.json {@code config} or its saved settings.
 *
 * @param baseCache reuse a cached base of the same recipe and keep a newly trained one (ADR 0025);
 *     off: {@code --no-base-cache}, or the GUI's "Reuse cached bases" unticked
 * @param fullTruncation measure the truncation curve on the whole test set instead of a
 *     class-stratified subset of {@value TruncationSweep#SUBSET_ROWS} rows (run.json's
 *     {@code truncation.rows} says which); {@code --full-truncation}
 */
public record RunOptions(boolean baseCache, boolean fullTruncation) {

    /** The base cache on, the truncation curve on its subset. */
    public static RunOptions defaults() {
        return new RunOptions(true, false);
    }

    public RunOptions withBaseCache(boolean on) {
        return new RunOptions(on, fullTruncation);
    }

    public RunOptions withFullTruncation(boolean on) {
        return new RunOptions(baseCache, on);
    }

    /** The truncation curve's test rows for the runner. */
    int truncationRows() {
        return fullTruncation ? TruncationSweep.WHOLE_TEST_SET : TruncationSweep.SUBSET_ROWS;
    }
}
