package dev.lorabench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PairedTestDegenerateTest {

    @ParameterizedTest
    @EnumSource(PairedTest.class)
    void fewerThanTwoPairedSeedsIsNotATest(PairedTest test) {
        PairedResult one = test.test(new double[] {1}, new double[] {2});
        assertEquals(Outcome.TOO_FEW_PAIRS, one.outcome());
        assertEquals(1, one.n());
        assertEquals(1.0, one.pValue());
        assertTrue(one.statistic().isEmpty());
        // Three seeds, but only the first has values on both sides.
        PairedResult missing = test.test(new double[] {1, Double.NaN, 3}, new double[] {2, 5, Double.NaN});
        assertEquals(Outcome.TOO_FEW_PAIRS, missing.outcome());
        assertEquals(1, missing.n());
        assertEquals(1.0, missing.effect());
        assertEquals(0, test.test(new double[0], new double[0]).n());
    }

    @ParameterizedTest
    @EnumSource(PairedTest.class)
    void identicalValuesAreNoDifference(PairedTest test) {
        double[] a = {0.91, 0.93, 0.9, 0.92, 0.94};
        PairedResult r = test.test(a, a.clone());
        assertEquals(Outcome.NO_DIFFERENCE, r.outcome());
        assertEquals(1.0, r.pValue());
        assertEquals(0.0, r.effect());
    }

    @Test
    void constantDifferenceGetsTheExactSignFlipP() {
        double[] a = {10, 12, 9, 11, 13};
        double[] b = {9, 11, 8, 10, 12};
        PairedResult r = PairedTest.PAIRED_T.test(a, b);
        assertEquals(Outcome.CONSTANT_DIFFERENCE, r.outcome());
        assertEquals(-1.0, r.effect());
        // 2 of the 2^5 sign patterns are all-equal: 2/32 (the sign-flip oracle in PairedTestOracleTest
        // gives 0.0625 for d = [1,1,1,1,1]).
        assertEquals(0.0625, r.pValue());
        // The Wilcoxon test meets the same data as tied ranks and agrees.
        assertEquals(0.0625, PairedTest.WILCOXON.test(a, b).pValue());
        double[] ten = new double[10];
        double[] tenMinusOne = new double[10];
        Arrays.fill(tenMinusOne, -1);
        assertEquals(1.0 / 512, PairedTest.PAIRED_T.test(ten, tenMinusOne).pValue());
    }

    @Test
    void roundingNoiseIsNotSpread() {
        // Accuracies of 200 test samples, b one sample better in every seed: k/200 against (k+1)/200.
        // In doubles (113 − 112)/200 comes out as 0.004999999999999893 and (101 − 100)/200 as 0.0050000000000000044.
        int[] correct = {112, 100, 137, 150, 162};
        double[] a = new double[correct.length];
        double[] b = new double[correct.length];
        for (int i = 0; i < correct.length; i++) {
            a[i] = correct[i] / 200.0;
            b[i] = (correct[i] + 1) / 200.0;
        }
        // Precondition: in doubles the differences are not all equal; without the tolerance t would be huge.
        assertTrue(distinctDifferences(a, b) > 1, "the data must carry rounding noise for this test to mean anything");
        PairedResult r = PairedTest.PAIRED_T.test(a, b);
        assertEquals(Outcome.CONSTANT_DIFFERENCE, r.outcome());
        assertEquals(0.0625, r.pValue());
        // Likewise, near-equal magnitudes are ties for the Wilcoxon test.
        assertTrue(PairedTest.WILCOXON.test(a, b).method().contains("tied ranks"));
    }

    private static long distinctDifferences(double[] a, double[] b) {
        return IntStream.range(0, a.length).mapToDouble(i -> b[i] - a[i]).distinct().count();
    }

    @Test
    void wilcoxonWithFiveSeedsCanNeverReachFivePercent() {
        // Every sign pattern of five distinct magnitudes: the most extreme (all one sign) gives 2/32.
        double smallest = 1;
        for (int signs = 0; signs < 32; signs++) {
            double[] d = new double[5];
            for (int i = 0; i < 5; i++) {
                d[i] = ((signs >> i) & 1) == 1 ? i + 1 : -(i + 1);
            }
            smallest = Math.min(smallest, PairedTest.WILCOXON.test(new double[5], d).pValue());
        }
        assertEquals(0.0625, smallest);
        // The paired t-test can, with the same five seeds (oracle in PairedTestOracleTest: p = 0.0367).
        assertTrue(PairedTest.PAIRED_T.test(new double[] {10, 12, 9, 11, 13}, new double[] {8, 11, 9, 8, 10})
                .pValue() < 0.05);
    }

    @Test
    void wilcoxonWithOneNonZeroDifferenceLeft() {
        // Two zeros dropped, one difference left: either sign is equally likely, so p = 2·½ = 1.
        PairedResult r = PairedTest.WILCOXON.test(new double[] {4, 5, 6}, new double[] {4, 5, 9});
        assertEquals(Outcome.TESTED, r.outcome());
        assertEquals(1.0, r.pValue());
        assertEquals(3, r.n());
        assertEquals(1.0, r.effect());
    }

    @Test
    void differentNumbersOfSeedsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedTest.PAIRED_T.test(new double[3], new double[4]));
        assertEquals("paired values need one value per seed on both sides, but a has 3 and b has 4", e.getMessage());
    }
}
