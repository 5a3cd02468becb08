package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The §7 and intruder lab on planted answers. W = diag(5, 4, 3, 2, 1, 0.5) as an 8×6 matrix: its
 * left singular vectors are e₀…e₅, so an update with a part on e₆ or e₇ brings in a new
 * direction; k is capped at half the smaller dimension, 3.
 */
class Section7LabTest {

    private static final String LAYER = "0";

    private static Matrix w() {
        Matrix w = Matrix.zeros(8, 6);
        double[] diag = {5, 4, 3, 2, 1, 0.5};
        for (int i = 0; i < diag.length; i++) {
            w.set(i, i, diag[i]);
        }
        return w;
    }

    /** ΔW = scale·b·e_row·e_colᵀ as rank-1 factors. */
    private static LoraFactors rankOne(int row, int col, double b, double scale) {
        Matrix bm = Matrix.zeros(8, 1);
        bm.set(row, 0, b);
        Matrix am = Matrix.zeros(1, 6);
        am.set(0, col, 1);
        return new LoraFactors(am, bm, scale);
    }

    private static Section7 analyse(Map<LoraVariant, LoraFactors> adapters, Map<LoraVariant, Matrix> secondSeed) {
        Map<LoraVariant, Map<String, WeightUpdate>> updates = new LinkedHashMap<>();
        Map<LoraVariant, Map<String, LoraFactors>> factors = new LinkedHashMap<>();
        adapters.forEach((v, f) -> {
            updates.put(v, Map.of(LAYER, new WeightUpdate.LowRank(f)));
            factors.put(v, Map.of(LAYER, f));
        });
        Map<LoraVariant, Map<String, Matrix>> seeds = new LinkedHashMap<>();
        secondSeed.forEach((v, a) -> seeds.put(v, Map.of(LAYER, a)));
        return Section7Lab.analyse(new Section7Lab.Inputs(Map.of(LAYER, w()), updates, factors, seeds), () -> { });
    }

    @Test
    void aRankOneUpdateOrthogonalToWsTopDirectionsIsOneIntruderAndOneInsideTheirSpanIsNone() {
        // Outside: ΔW = 10·e₇·f₅ᵀ makes the top direction (0.5·e₅ + 10·e₇)/√100.25, best cosine 0.05.
        // Inside: ΔW = 10·e₀·f₅ᵀ stays in span(e₀, e₅), where every direction has cosine ≥ 1/√2 with e₀ or e₅.
        LoraVariant outside = Variant.lora(1);
        LoraVariant inside = new LoraVariant(LoraMethod.RSLORA, 1, 1);
        Section7 s = analyse(Map.of(outside, rankOne(7, 5, 10, 1), inside, rankOne(0, 5, 10, 1)), Map.of());
        Section7Layer layer = s.layers().get(0);
        assertEquals(3, layer.kMax(), "half of min(8, 6)");
        IntruderProfile out = layer.intruders().get(outside.name());
        IntruderProfile in = layer.intruders().get(inside.name());
        assertEquals(1, out.count(3, 0.5));
        assertEquals(List.of(0), out.at(3, 0.5).intruders());
        assertEquals(0.5 / Math.sqrt(100.25), out.bestCosine()[0], 1e-12);
        assertEquals(0, in.count(3, 0.5));
        // Counts over ε: the intruder's 0.05 counts from ε = 0.1 on, the other two (cosine 1) never.
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, out.countsOver(3, Section7Lab.EPSILONS));
        // The similarity matrix keeps the top-3 × top-3 block: row 0 leans on e₅ only, which is outside it.
        assertEquals(3, out.similarity(3).length);
        assertEquals(0, out.similarity(3)[0][0], 1e-12);
        assertEquals(1, out.similarity(3)[1][0], 1e-12, "the second tuned direction is e₀");
    }

    @Test
    void theProfileAnswersAsIntruderDimensionsFindDoesAtEveryKAndEpsilon() {
        Matrix tuned = w().plus(Matrix.gaussian(8, 6, 3).scale(0.8));
        Svd base = Svd.exact(w());
        Svd t = Svd.exact(tuned);
        IntruderProfile p = IntruderProfile.of(base, Svd.spectrum(tuned, 3).leading(), 3, Section7Lab.SHOWN);
        for (int k = 1; k <= 3; k++) {
            for (double e : new double[] {0.3, 0.6, 0.9, 1.0}) {
                IntruderDimensions expected = IntruderDimensions.find(base, t, k, e);
                assertEquals(expected.intruders(), p.at(k, e).intruders(), "k " + k + ", ε " + e);
                assertArrayEquals(expected.bestCosine(), p.at(k, e).bestCosine(), 1e-9);
            }
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> p.at(4, 0.5));
        assertEquals("k must be in 1..3 but was 4", bad.getMessage());
    }

    @Test
    void phiGridsAreSubspaceOverlapOfTheFactorsAndTheControlHasTheSeedGridsShape() {
        LoraVariant r1 = Variant.lora(1);
        LoraVariant r2 = Variant.lora(2);
        LoraFactors one = new LoraFactors(Matrix.gaussian(1, 6, 1), Matrix.gaussian(8, 1, 2).scale(0.1), 1);
        LoraFactors two = new LoraFactors(Matrix.gaussian(2, 6, 3), Matrix.gaussian(8, 2, 4).scale(0.1), 0.5);
        Matrix secondA = Matrix.gaussian(2, 6, 5);
        Section7 s = analyse(new LinkedHashMap<>(Map.of(r1, one, r2, two)), Map.of(r2, secondA));
        assertEquals(new RankPair(r1, r2, false), s.pair(), "no ranks 8 and 64: the smallest and largest plain LoRA");
        assertEquals(r2, s.seedVariant());
        Section7Layer layer = s.layers().get(0);
        assertGrid(SubspaceOverlap.grid(one.a(), two.a()), layer.rankGrid().phi());
        assertGrid(SubspaceOverlap.grid(two.a(), secondA), layer.seedGrid().phi());
        assertEquals(2, layer.randomGrid().rowCount());
        assertEquals(2, layer.randomGrid().colCount());
        // Table 7 rows at each adapter's rank, the same as the dense route gives.
        Amplification dense = Amplification.of(w(), two.delta(), 2, 9);
        Amplification row = layer.amplification().get(r2.name());
        assertEquals(2, row.rank());
        assertEquals(dense.deltaNorm(), row.deltaNorm(), 1e-12);
        assertEquals(dense.onDelta(), row.onDelta(), 1e-12);
        assertEquals(dense.onWeight(), row.onWeight(), 1e-12);
    }

    private static void assertGrid(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-12);
        }
    }

    @Test
    void thePairIsRanksEightAndSixtyFourOfOneMethodWhenARunHasThem() {
        LoraVariant lora8 = Variant.lora(8);
        LoraVariant rs64 = new LoraVariant(LoraMethod.RSLORA, 64, 8);
        LoraVariant lora1 = Variant.lora(1);
        LoraVariant lora64 = Variant.lora(64);
        assertEquals(Optional.of(new RankPair(lora8, lora64, true)), RankPair.among(List.of(lora1, lora8, rs64, lora64)));
        // rsLoRA 64 has no rank-8 partner: the smallest and largest plain LoRA instead.
        assertEquals(Optional.of(new RankPair(lora1, lora8, false)), RankPair.among(List.of(lora1, lora8, rs64)));
        assertEquals(Optional.empty(), RankPair.among(List.of(lora8, rs64)), "one plain-LoRA rank: no pair");
        assertEquals("lora-r8 vs lora-r64 (the paper's ranks 8 and 64)",
                new RankPair(lora8, lora64, true).describe());
    }

    @Test
    void withoutASecondSeedThereAreNoSeedGrids() {
        Section7 s = analyse(Map.of(Variant.lora(1), rankOne(7, 5, 10, 1)), Map.of());
        assertNull(s.seedVariant());
        assertNull(s.layers().get(0).seedGrid());
        assertNull(s.layers().get(0).randomGrid());
        assertNull(s.layers().get(0).rankGrid(), "one rank: nothing to compare");
    }

    @Test
    void theReductionRemovesNothingAtZeroAndWhatReduceRemovesAtOne() {
        LoraFactors adapter = rankOne(7, 5, 5, 2);
        LoraVariant v = Variant.lora(1);
        Section7 s = analyse(Map.of(v, adapter), Map.of());
        IntruderReduction r = IntruderReduction.prepare(Map.of(LAYER, w()), Map.of(LAYER, adapter),
                Map.of(LAYER, s.layers().get(0).intruders().get(v.name())), 3, 0.5);
        assertEquals(1, r.total());
        assertSame(adapter, r.reduced(0).get(LAYER), "λ = 0 is the identity");
        // All of the intruder σ·u·vᵀ = (0.5·e₅ + 10·e₇)·f₅ᵀ removed from W + ΔW leaves ΔW' = −0.5·e₅·f₅ᵀ
        // (IntruderDimensionsTest works it out by hand).
        LoraFactors all = r.reduced(1).get(LAYER);
        assertNotSame(adapter, all);
        Matrix expected = Matrix.zeros(8, 6);
        expected.set(5, 5, -0.5);
        assertEquals(0, all.delta().maxAbsDifference(expected), 1e-12);
        assertTrue(r.reduced(0.5).get(LAYER).delta().maxAbsDifference(adapter.delta()) > 1, "half removed changes ΔW");
        assertThrows(IllegalArgumentException.class, () -> r.reduced(1.5));
    }

    @Test
    void theSharedBaseDecompositionGivesTheSameAmplificationAsTheDenseRoute() {
        Matrix w = Matrix.gaussian(12, 9, 1);
        Matrix delta = Matrix.gaussian(12, 3, 2).times(Matrix.gaussian(3, 9, 3));
        Amplification dense = Amplification.of(w, delta, 3, 5);
        Amplification shared = Amplification.of(w, Svd.exact(w), Svd.exact(delta), delta.frobenius(), 3, 5);
        assertEquals(dense.onDelta(), shared.onDelta(), 1e-10);
        assertEquals(dense.onWeight(), shared.onWeight(), 1e-10);
        assertEquals(dense.onRandom(), shared.onRandom(), 1e-12, "same seed, same random directions");
        assertEquals(dense.factor(), shared.factor(), 1e-9);
    }

    @Test
    void theProfileThroughWsBasisIsTheDenseOneForTallWideAndSquareLayers() {
        // Shapes: tall (U does not span the outputs), wide (V does not span the inputs), square.
        int[][] shapes = {{30, 12}, {7, 25}, {15, 15}};
        for (int[] shape : shapes) {
            int out = shape[0];
            int in = shape[1];
            Matrix w = Matrix.gaussian(out, in, out * 100L + in);
            // A large update, so that some tuned directions are new to W.
            LoraFactors f = new LoraFactors(Matrix.gaussian(3, in, 5), Matrix.gaussian(out, 3, 6), 2.5);
            Svd base = Svd.exact(w);
            int kMax = Section7Lab.kMax(out, in);
            IntruderProfile dense = new WeightUpdate.Dense(f.delta(), null).profile(w, base, kMax, 4);
            IntruderProfile viaBasis = new WeightUpdate.LowRank(f).profile(w, base, kMax, 4);
            assertArrayEquals(dense.bestCosine(), viaBasis.bestCosine(), 1e-9, out + "x" + in);
            for (int j = 0; j < dense.similarity().length; j++) {
                assertArrayEquals(dense.similarity()[j], viaBasis.similarity()[j], 1e-9, out + "x" + in + " row " + j);
            }
            assertTrue(dense.count(kMax, 0.9) > 0, "the planted update brings in new directions: " + out + "x" + in);
        }
    }
}
