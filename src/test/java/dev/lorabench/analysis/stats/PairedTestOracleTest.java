package dev.lorabench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * p-values against scipy 1.10.1 (Debian's python3-scipy, run as /usr/bin/python3) and a hand
 * calculation. Each expected number is followed by the one-liner that printed it.
 */
class PairedTestOracleTest {

    private static final double[] A1 = {10, 12, 9, 11, 13};
    private static final double[] B1 = {8, 11, 9, 8, 10};

    @Test
    void tStatisticByHand() {
        // d = b − a = (−2, −1, 0, −3, −3); mean −9/5 = −1.8; squared deviations from the mean
        // 0.04 + 0.64 + 3.24 + 1.44 + 1.44 = 6.8; sample variance 6.8/4 = 1.7;
        // standard error √(1.7/5) = √0.34 = 0.5830951894845300…; t = −1.8 / 0.58309518948453 = −3.08697453256516.
        PairedResult r = PairedTest.PAIRED_T.test(A1, B1);
        assertEquals(Outcome.TESTED, r.outcome());
        assertEquals(5, r.n());
        assertEquals(-1.8, r.effect(), 1e-15);
        assertEquals(-3.08697453256516, r.statistic().orElseThrow(), 1e-12);
    }

    @Test
    void pairedTAgainstScipy() {
        // python3 -c "from scipy.stats import ttest_rel; print(ttest_rel([8,11,9,8,10],[10,12,9,11,13]))"
        // -> statistic=-3.0869745325651587, pvalue=0.03668198940044108
        assertT(A1, B1, -3.0869745325651587, 0.03668198940044108);
        // python3 -c "from scipy.stats import ttest_rel; print(ttest_rel([0.918,0.915,0.919,0.910,0.925,0.913],
        //     [0.912,0.905,0.921,0.899,0.915,0.908]))"  -> statistic=3.3426313523243785, pvalue=0.020493378433041394
        assertT(new double[] {0.912, 0.905, 0.921, 0.899, 0.915, 0.908},
                new double[] {0.918, 0.915, 0.919, 0.910, 0.925, 0.913}, 3.3426313523243785, 0.020493378433041394);
        // python3 -c "from scipy.stats import ttest_rel; print(ttest_rel([3.1,2.7,4.0,3.3,2.9,3.8,3.0,3.6,2.5,3.4],
        //     [2.9,2.8,3.1,3.5,2.2,3.0,3.3,2.7,2.6,3.1]))"  -> statistic=2.044573385491748, pvalue=0.07123632917257723
        assertT(new double[] {2.9, 2.8, 3.1, 3.5, 2.2, 3.0, 3.3, 2.7, 2.6, 3.1},
                new double[] {3.1, 2.7, 4.0, 3.3, 2.9, 3.8, 3.0, 3.6, 2.5, 3.4}, 2.044573385491748, 0.07123632917257723);
    }

    private static void assertT(double[] a, double[] b, double t, double p) {
        PairedResult r = PairedTest.PAIRED_T.test(a, b);
        assertEquals(t, r.statistic().orElseThrow(), 1e-12 * Math.abs(t));
        assertEquals(p, r.pValue(), 1e-12 * p);
        assertEquals("paired t-test", r.method());
    }

    @Test
    void wilcoxonExactAgainstScipy() {
        // python3 -c "from scipy.stats import wilcoxon; print(wilcoxon([1.5,0.5,2.0,3.0,1.0], method='exact'))"
        // -> statistic=0.0, pvalue=0.0625
        assertWilcoxon(new double[] {1.5, 0.5, 2.0, 3.0, 1.0}, 0.0625);
        // python3 -c "from scipy.stats import wilcoxon; print(wilcoxon([0.4,-1.1,2.3,1.7,-0.2,3.1,0.9,2.6],
        //     method='exact'))"  -> statistic=5.0, pvalue=0.078125
        PairedResult r = assertWilcoxon(new double[] {0.4, -1.1, 2.3, 1.7, -0.2, 3.1, 0.9, 2.6}, 0.078125);
        // By hand: |d| ranks 0.2→1 … 3.1→8; the negatives −1.1 and −0.2 hold ranks 4 and 1, so W+ = 36 − 5.
        assertEquals(31, r.statistic().orElseThrow());
        // python3 -c "from scipy.stats import wilcoxon; print(wilcoxon([1.2,-0.3,2.5,0.8,1.9,-0.7,3.3,1.4,2.2,0.5,
        //     -1.6,2.8], method='exact'))"  -> statistic=11.0, pvalue=0.02685546875
        assertWilcoxon(new double[] {1.2, -0.3, 2.5, 0.8, 1.9, -0.7, 3.3, 1.4, 2.2, 0.5, -1.6, 2.8}, 0.02685546875);
    }

    @Test
    void wilcoxonDropsZeroDifferencesAndStaysExact() {
        // python3 -c "from scipy.stats import wilcoxon; import numpy as np; d=np.array([0,2,-1,3,4,5,0,6.]);
        //     print(wilcoxon(d[d!=0], method='exact'))"  -> statistic=1.0, pvalue=0.0625
        // (scipy's default on d itself switches to a normal approximation and says p = 0.046.)
        PairedResult r = assertWilcoxon(new double[] {0, 2, -1, 3, 4, 5, 0, 6}, 0.0625);
        assertEquals(8, r.n());
        assertEquals("Wilcoxon signed-rank, exact, 2 zero differences dropped", r.method());
    }

    @Test
    void wilcoxonWithTiesUsesTheExactSignFlipDistribution() {
        // Oracle: all 2^n sign patterns enumerated, mid-ranks from scipy.stats.rankdata, for each d below:
        // python3 -c "import itertools,numpy as np;from scipy.stats import rankdata;d=np.array(D,float);d=d[d!=0];
        //     r=rankdata(abs(d));w=r[d>0].sum();W=np.array([sum(r[i] for i in range(len(d)) if s[i])
        //     for s in itertools.product([0,1],repeat=len(d))]);print(w,min(1,2*min(np.mean(W<=w),np.mean(W>=w))))"
        // D = [-2,-1,-2,1,-3,-2,-1,-4]           -> 2.0 0.03125
        // D = [3,-1,2,2,-2,4,1,3,0,5]            -> 39.5 0.05078125
        // D = [0.5,-0.5,1.5,1.5,2.5,-1.0,2.5,3.0,1.0] -> 40.0 0.0390625
        // D = [1,1,1,1,1]                        -> 15.0 0.0625
        assertTied(new double[] {-2, -1, -2, 1, -3, -2, -1, -4}, 2.0, 0.03125);
        assertTied(new double[] {3, -1, 2, 2, -2, 4, 1, 3, 0, 5}, 39.5, 0.05078125);
        assertTied(new double[] {0.5, -0.5, 1.5, 1.5, 2.5, -1.0, 2.5, 3.0, 1.0}, 40.0, 0.0390625);
        assertTied(new double[] {1, 1, 1, 1, 1}, 15.0, 0.0625);
    }

    @Test
    void tiedDistributionMatchesTheLibraryWithoutTies() {
        double[] d = {1.2, -0.3, 2.5, 0.8, 1.9, -0.7, 3.3, 1.4, 2.2, 0.5, -1.6, 2.8};
        double[] ranks = SignedRankDistribution.midRanks(d);
        double wPlus = 0;
        for (int i = 0; i < d.length; i++) {
            wPlus += d[i] > 0 ? ranks[i] : 0;
        }
        assertEquals(67, wPlus); // 78 − (1 + 3 + 7)
        assertEquals(0.02685546875, SignedRankDistribution.of(ranks).twoSidedP(wPlus), 1e-15);
    }

    /** d is b − a with a = 0. */
    private static PairedResult assertWilcoxon(double[] d, double p) {
        PairedResult r = PairedTest.WILCOXON.test(new double[d.length], d);
        assertEquals(Outcome.TESTED, r.outcome());
        assertEquals(p, r.pValue(), 1e-12 * p);
        return r;
    }

    private static void assertTied(double[] d, double wPlus, double p) {
        PairedResult r = assertWilcoxon(d, p);
        assertEquals(wPlus, r.statistic().orElseThrow());
        assertEquals(true, r.method().startsWith("Wilcoxon signed-rank, exact with tied ranks"), r.method());
    }
}
