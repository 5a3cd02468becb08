package dev.lorabench.analysis.stats;

/**
 * The paired two-sided tests the workbench offers for comparing two variants over seeds. Both
 * pair values by seed index, use only seeds with a finite value on both sides, and report the
 * mean of the differences b − a as the effect.
 */
public enum PairedTest {

    /**
     * Student's paired t-test (Commons Statistics' {@code TTest.pairedTest}): t = mean(d) / (sd(d)/√N)
     * with N − 1 degrees of freedom. Assumes roughly normal differences; with N = 5 it can reach
     * p &lt; 0.05, which the exact Wilcoxon test cannot. The workbench's default.
     */
    PAIRED_T("paired t-test") {
        @Override
        PairedResult run(PairedDifferences pairs) {
            return PairedTTest.test(pairs);
        }
    },

    /**
     * Wilcoxon's signed-rank test, exact: zero differences are dropped (Wilcoxon's rule, scipy's
     * {@code zero_method='wilcox'}); without tied magnitudes the exact null distribution comes from
     * Commons Statistics; with ties, from the exact sign-flip distribution of the mid-ranks. Needs
     * no normality, but with N = 5 its smallest two-sided p-value is 2/32 = 0.0625.
     */
    WILCOXON("Wilcoxon signed-rank test") {
        @Override
        PairedResult run(PairedDifferences pairs) {
            return WilcoxonSignedRank.test(pairs);
        }
    };

    private final String label;

    PairedTest(String label) {
        this.label = label;
    }

    /** The test's name for people ("paired t-test"). */
    public String label() {
        return label;
    }

    /**
     * Tests b against a, paired by index (seed). NaN or infinite values mark a missing seed, which
     * drops that pair.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public PairedResult test(double[] a, double[] b) {
        return run(PairedDifferences.of(a, b));
    }

    abstract PairedResult run(PairedDifferences pairs);
}
