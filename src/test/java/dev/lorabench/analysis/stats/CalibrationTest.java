package dev.lorabench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tests on synthetic seeds with known truth. Identical variants must be called different at most
 * at the stated level; the bound is α plus three binomial standard deviations of the estimated rate
 * over R repetitions, √(α(1 − α)/R): 0.0049 for R = 2000 (bound 0.0646), 0.0069 for R = 1000
 * (bound 0.0707). Every generator has a fixed seed, so each run draws the same data.
 */
class CalibrationTest {

    private static final double ALPHA = 0.05;

    /** The measured rates, for docs/statistics.md (which quotes this test's output). */
    private static void report(String what, double rate) {
        System.out.printf(java.util.Locale.ROOT, "%s %.4f%n", what, rate);
    }

    private static double bound(int repetitions) {
        return ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / repetitions);
    }

    /** Per seed a shared seed effect plus each variant's own noise, as two fine-tunes from one seed. */
    private static double[][] normalPair(Random random, int n, double shift) {
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double seedEffect = random.nextGaussian();
            a[i] = seedEffect + random.nextGaussian();
            b[i] = seedEffect + random.nextGaussian() + shift;
        }
        return new double[][] {a, b};
    }

    private static double rejectionRate(PairedTest test, int repetitions, int n, double shift, long seed) {
        Random random = new Random(seed);
        int rejected = 0;
        for (int r = 0; r < repetitions; r++) {
            double[][] ab = normalPair(random, n, shift);
            if (test.test(ab[0], ab[1]).pValue() <= ALPHA) {
                rejected++;
            }
        }
        return rejected / (double) repetitions;
    }

    @Test
    void pairedTKeepsItsLevelOnIdenticalVariants() {
        // Under normality the t-test is exact, so the rate must also not fall far below α.
        double rate = rejectionRate(PairedTest.PAIRED_T, 2000, 5, 0, 11);
        report("paired t-test, identical variants, N = 5, 2000 repetitions: false positive rate", rate);
        assertTrue(rate <= bound(2000) && rate >= 2 * ALPHA - bound(2000), "false positive rate " + rate);
    }

    @Test
    void wilcoxonKeepsItsLevelOnIdenticalVariants() {
        // N = 10: the exact test rejects 50 of the 1024 sign patterns (p ≤ 0.05), a true level of 0.0488.
        double rate = rejectionRate(PairedTest.WILCOXON, 2000, 10, 0, 12);
        report("Wilcoxon, identical variants, N = 10, 2000 repetitions: false positive rate", rate);
        assertTrue(rate <= bound(2000), "false positive rate " + rate);
    }

    @Test
    void bothKeepTheirLevelOnTiedErrorCounts() {
        // Per-class errors are small integers that tie and repeat: Poisson(3) errors per seed.
        for (PairedTest test : PairedTest.values()) {
            Random random = new Random(13);
            int rejected = 0;
            int repetitions = 2000;
            for (int r = 0; r < repetitions; r++) {
                double[] a = new double[10];
                double[] b = new double[10];
                for (int i = 0; i < 10; i++) {
                    a[i] = poisson(random, 3);
                    b[i] = poisson(random, 3);
                }
                if (test.test(a, b).pValue() <= ALPHA) {
                    rejected++;
                }
            }
            double rate = rejected / (double) repetitions;
            report(test.label() + ", Poisson(3) error counts, N = 10, 2000 repetitions: false positive rate", rate);
            assertTrue(rate <= bound(repetitions), test + " false positive rate " + rate);
        }
    }

    /** Knuth's multiplication method; fine for a small mean. */
    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    @Test
    void aPlantedShiftOfTwoSigmaIsFound() {
        // b − a has mean 2 and sd √2 (each variant's own noise has sd 1), N = 10 seeds.
        for (PairedTest test : PairedTest.values()) {
            double power = rejectionRate(test, 1000, 10, 2.0, 14);
            report(test.label() + ", shift of 2 sd, N = 10, 1000 repetitions: found in", power);
            assertTrue(power >= 0.9, test + " found the shift in only " + power);
        }
    }

    @Test
    void powerGrowsWithSeedsAndShift() {
        // One pair, paired t-test: how often a true shift (in units of a variant's own seed noise) is found.
        double[] shifts = {1, 2, 3};
        int[] seeds = {3, 5, 10};
        double[][] power = new double[shifts.length][seeds.length];
        for (int s = 0; s < shifts.length; s++) {
            for (int n = 0; n < seeds.length; n++) {
                power[s][n] = rejectionRate(PairedTest.PAIRED_T, 1000, seeds[n], shifts[s], 16);
                report("paired t-test, shift of " + (int) shifts[s] + " sd, N = " + seeds[n]
                        + ", 1000 repetitions: found in", power[s][n]);
                assertTrue(n == 0 || power[s][n] > power[s][n - 1], "power must grow with N");
                assertTrue(s == 0 || power[s][n] > power[s - 1][n], "power must grow with the shift");
            }
        }
    }

    @Test
    void holmKeepsTheFamilyWiseErrorOnIdenticalVariants() {
        // Four identical variants, six pairs per repetition; a family error is any pair called different.
        Random random = new Random(15);
        int repetitions = 1000;
        int corrected = 0;
        int uncorrected = 0;
        for (int r = 0; r < repetitions; r++) {
            List<VariantSeries> variants = new ArrayList<>();
            double[] seedEffect = new double[10];
            for (int i = 0; i < 10; i++) {
                seedEffect[i] = random.nextGaussian();
            }
            for (int v = 0; v < 4; v++) {
                double[] values = new double[10];
                for (int i = 0; i < 10; i++) {
                    values[i] = seedEffect[i] + random.nextGaussian();
                }
                variants.add(VariantSeries.of("v" + v, values));
            }
            List<Comparison> cs = SeedComparisons.withDefaults()
                    .compare(new ScopeSeries(Scope.OVERALL, Metric.errors(), variants));
            if (cs.stream().anyMatch(Comparison::significant)) {
                corrected++;
            }
            if (cs.stream().anyMatch(c -> c.rawPValue() <= ALPHA)) {
                uncorrected++;
            }
        }
        double fwer = corrected / (double) repetitions;
        double raw = uncorrected / (double) repetitions;
        report("Holm, 4 identical variants (6 pairs), N = 10, 1000 repetitions: family-wise error", fwer);
        report("  the same without correction", raw);
        assertTrue(fwer <= bound(repetitions), "family-wise error " + fwer);
        // Without the correction six looks at the same noise find "something" far more often.
        assertTrue(raw > 2 * ALPHA, "uncorrected family-wise error " + raw);
    }
}
