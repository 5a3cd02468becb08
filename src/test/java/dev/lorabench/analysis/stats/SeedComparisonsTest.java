package dev.lorabench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedComparisonsTest {

    private static final Scope CLASS_4 = Scope.ofClass(4, "4");
    private static final VariantSeries R1 = VariantSeries.of("lora-r1", 10, 12, 9, 11, 13);
    private static final VariantSeries R2 = VariantSeries.of("lora-r2", 11, 11, 10, 12, 13);
    private static final VariantSeries R4 = VariantSeries.of("lora-r4", 8, 11, 9, 8, 10);

    @Test
    void everyPairInDisplayOrderWithHolmWithinTheScope() {
        // Raw p-values: /usr/bin/python3 -c "from scipy.stats import ttest_rel; r1=[10,12,9,11,13];
        //     r2=[11,11,10,12,13]; r4=[8,11,9,8,10]; [print(ttest_rel(b,a).pvalue) for a,b in [(r1,r2),(r1,r4),(r2,r4)]]"
        // -> 0.3739009663000589, 0.03668198940044108, 0.04018621825542524
        // Holm by hand: 3·0.0366820 = 0.110046; 2·0.0401862 = 0.080372 → raised to 0.110046; 1·0.373901.
        List<Comparison> cs = SeedComparisons.withDefaults()
                .compare(new ScopeSeries(CLASS_4, Metric.errors(), List.of(R1, R2, R4)));
        assertEquals(3, cs.size());
        assertPair(cs.get(0), "lora-r1", "lora-r2", 0.4, 0.3739009663000589, 0.3739009663000589);
        assertPair(cs.get(1), "lora-r1", "lora-r4", -1.8, 0.03668198940044108, 3 * 0.03668198940044108);
        assertPair(cs.get(2), "lora-r2", "lora-r4", -2.2, 0.04018621825542524, 3 * 0.03668198940044108);
        // Two raw p-values under 0.05, none after the correction for three pairs.
        assertTrue(cs.stream().noneMatch(Comparison::significant));
        assertTrue(cs.stream().allMatch(c -> c.familySize() == 3 && c.n() == 5 && c.scope().equals(CLASS_4)));
        assertEquals("lora-r2 vs lora-r1 on class 4: no significant difference (p = 0.37, paired t-test, "
                + "Holm-corrected for 3 pairs, N = 5; observed 0.4 more errors)", cs.get(0).sentence());
        assertEquals("lora-r4 vs lora-r1 on class 4: no significant difference (p = 0.11, paired t-test, "
                + "Holm-corrected for 3 pairs, N = 5; observed 1.8 fewer errors)", cs.get(1).sentence());
    }

    private static void assertPair(Comparison c, String a, String b, double effect, double raw, double adjusted) {
        assertEquals(a, c.a());
        assertEquals(b, c.b());
        assertEquals(effect, c.effect(), 1e-12);
        assertEquals(raw, c.rawPValue(), 1e-12 * raw);
        assertEquals(adjusted, c.pValue(), 1e-12 * adjusted);
        assertEquals(Outcome.TESTED, c.outcome());
        assertEquals(PairedTest.PAIRED_T, c.test());
    }

    @Test
    void aSignificantFindingSaysDirectionAndSize() {
        Comparison c = SeedComparisons.withDefaults()
                .compare(new ScopeSeries(CLASS_4, Metric.errors(), List.of(R1, R4))).get(0);
        assertTrue(c.significant());
        assertEquals(1, c.familySize());
        // p = 0.0367 (scipy, above); one pair, so no correction.
        assertEquals("lora-r4 has 1.8 fewer errors than lora-r1 on class 4 (p = 0.037, paired t-test, N = 5)",
                c.sentence());
    }

    @Test
    void overallAccuracyReadsAsHigherOrLower() {
        // python3 -c "from scipy.stats import ttest_rel; print(ttest_rel([0.918,0.915,0.919,0.910,0.925,0.913],
        //     [0.912,0.905,0.921,0.899,0.915,0.908]))"  -> pvalue=0.020493378433041394; mean difference 0.04/6
        Comparison c = SeedComparisons.withDefaults().compare(new ScopeSeries(Scope.OVERALL,
                Metric.level("test accuracy"), List.of(
                        VariantSeries.of("lora-r1", 0.912, 0.905, 0.921, 0.899, 0.915, 0.908),
                        VariantSeries.of("full", 0.918, 0.915, 0.919, 0.910, 0.925, 0.913)))).get(0);
        assertEquals("full has 0.00667 higher test accuracy than lora-r1 overall (p = 0.02, paired t-test, N = 6)",
                c.sentence());
    }

    @Test
    void classNamesAndDegenerateCasesInWords() {
        Scope sandal = Scope.ofClass(5, "Sandal");
        assertEquals("on class 5 (Sandal)", sandal.phrase());
        List<Comparison> cs = SeedComparisons.withDefaults().compare(new ScopeSeries(sandal, Metric.errors(), List.of(
                VariantSeries.of("lora-r1", 3, 4, 2, 5, 3),
                VariantSeries.of("lora-r2", 3, 4, 2, 5, 3),
                VariantSeries.of("lora-r4", 2, 3, 1, 4, 2),
                VariantSeries.of("full", 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN))));
        assertEquals("lora-r2 vs lora-r1 on class 5 (Sandal): no difference, equal in every seed (N = 5)",
                cs.get(0).sentence());
        assertEquals("lora-r4 vs lora-r1 on class 5 (Sandal): no significant difference (p = 0.19, paired t-test "
                + "(same difference in every seed: exact sign-flip p), Holm-corrected for 3 pairs, N = 5; "
                + "observed 1 fewer errors, the same in every seed)", cs.get(1).sentence());
        Comparison untested = cs.get(2);
        assertEquals(Outcome.TOO_FEW_PAIRS, untested.outcome());
        assertEquals("full vs lora-r1 on class 5 (Sandal): not tested (N = 1; a paired test needs at least 2 seeds "
                + "with values for both)", untested.sentence());
        assertFalse(untested.significant());
        // Family: the three pairs among r1, r2, r4 (p = 1, 0.0625, 0.0625); the three with "full" are untested.
        // Holm: 3·0.0625 = 0.1875, 2·0.0625 = 0.125 → 0.1875, 1·1 = 1.
        assertTrue(cs.stream().allMatch(c -> c.familySize() == 3));
        assertEquals(0.1875, cs.get(1).pValue());
        assertEquals(1.0, cs.get(0).pValue());
    }

    @Test
    void eachScopeIsItsOwnFamily() {
        List<Comparison> cs = SeedComparisons.of(PairedTest.WILCOXON, 0.1).compare(List.of(
                new ScopeSeries(Scope.OVERALL, Metric.errors(), List.of(R1, R4)),
                new ScopeSeries(CLASS_4, Metric.errors(), List.of(R1, R2, R4))));
        assertEquals(4, cs.size());
        assertEquals(Scope.OVERALL, cs.get(0).scope());
        assertEquals(1, cs.get(0).familySize());
        assertEquals(3, cs.get(3).familySize());
        assertTrue(cs.stream().allMatch(c -> c.alpha() == 0.1 && c.test() == PairedTest.WILCOXON));
    }

    @Test
    void badInputNamesTheProblem() {
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> new ScopeSeries(CLASS_4, Metric.errors(), List.of(R1, VariantSeries.of("lora-r8", 1, 2))));
        assertEquals("every variant needs one value per seed, but lora-r1 has 5 and lora-r8 has 2 (scope on class 4)",
                lengths.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ScopeSeries(CLASS_4, Metric.errors(), List.of(R1, R1)));
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class,
                () -> SeedComparisons.of(PairedTest.PAIRED_T, 0));
        assertEquals("alpha must be in (0, 1) but was 0.0", alpha.getMessage());
    }
}
