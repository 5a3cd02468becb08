package dev.lorabench.analysis.stats;

/** What a paired test could say about two variants; the degenerate cases are named, not NaN. */
public enum Outcome {
    /** The test ran on differences with some spread; the p-value is the test's. */
    TESTED,
    /** Every paired difference is zero: no evidence of a difference, p = 1 by definition. */
    NO_DIFFERENCE,
    /**
     * Every paired difference is the same non-zero value. The t statistic divides by the spread,
     * which is zero, so it is undefined; the p-value is the exact sign-flip one, 2·0.5^N: how
     * often N signs all agree by chance (the exact Wilcoxon test gives the same value here).
     */
    CONSTANT_DIFFERENCE,
    /** Fewer than two seeds have values for both variants: no test is possible, p = 1. */
    TOO_FEW_PAIRS;

    /** True when the p-value is evidence from the data (the comparison joins its family). */
    public boolean tested() {
        return this != TOO_FEW_PAIRS;
    }
}
