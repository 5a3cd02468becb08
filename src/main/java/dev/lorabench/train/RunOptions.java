package dev.lorabench.train;

/**
 * How to run a plan, apart from the plan: choices that do not change what is trained, so they are
 * not part of the plan, its run.json {@code config} or its saved settings.
 *
 * @param baseCache reuse a cached base of the same recipe and keep a newly trained one (ADR 0025);
 *     off: {@code --no-base-cache}, or the GUI's "Reuse cached bases" unticked
 * @param fullTestAnalysis run the truncation curve and the merge checks on the whole test set
 *     instead of a class-stratified subset of {@value AnalysisRows#SUBSET_ROWS} rows (run.json's
 *     {@code truncation.rows} says which); {@code --full-test-analysis}, or the GUI's "Analysis on
 *     the whole test set" ticked
 */
public record RunOptions(boolean baseCache, boolean fullTestAnalysis) {

    /** The analysis's test rows unless {@code fullTestAnalysis} (the window's toggle names it). */
    public static final int ANALYSIS_SUBSET_ROWS = AnalysisRows.SUBSET_ROWS;

    /** The base cache on, the analysis on its subset of the test set. */
    public static RunOptions defaults() {
        return new RunOptions(true, false);
    }

    public RunOptions withBaseCache(boolean on) {
        return new RunOptions(on, fullTestAnalysis);
    }

    public RunOptions withFullTestAnalysis(boolean on) {
        return new RunOptions(baseCache, on);
    }

    /** The analysis's test rows for the runner. */
    int analysisRows() {
        return fullTestAnalysis ? AnalysisRows.WHOLE_TEST_SET : AnalysisRows.SUBSET_ROWS;
    }
}
