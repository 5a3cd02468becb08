package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Linear, cat, SVD and the strength slider on factors small enough to combine by hand. */
class AdapterAlgebraTest {

    private static AdapterFactors oneLayer(String layer, Matrix a, Matrix b, double scale) {
        return AdapterFactors.of(Map.of(layer, new LoraFactors(a, b, scale)));
    }

    /** A₁ = [1 2 0], B₁ = [1; 0], s₁ = 1 and A₂ = [0 1 1], B₂ = [0; 1], s₂ = 4, on a 2×3 layer. */
    private static List<AdapterFactors> twoRankOne() {
        return List.of(
                oneLayer("fc", Matrix.of(1, 3, 1, 2, 0), Matrix.of(2, 1, 1, 0), 1),
                oneLayer("fc", Matrix.of(1, 3, 0, 1, 1), Matrix.of(2, 1, 0, 1), 4));
    }

    private static void assertMatrix(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.rows(), actual.rows(), what + " rows");
        assertEquals(expected.cols(), actual.cols(), what + " cols");
        assertArrayEquals(expected.values(), actual.values(), 1e-12, what);
    }

    @Test
    void linearMergesTheFactorsApartWithTheSignOnAOnly() {
        // w·s = (1, −4): A weights (1, −2), B weights (1, 2).
        // A = A₁ − 2A₂ = [1 0 −2]; B = B₁ + 2B₂ = [1; 2]; B·A carries PEFT's cross terms.
        CombinedAdapter c = AdapterAlgebra.combine(twoRankOne(),
                AdapterCombination.builder(CombinationType.LINEAR).setWeights(1, -1).build());
        LoraFactors fc = c.adapter().layers().get("fc");
        assertMatrix(Matrix.of(1, 3, 1, 0, -2), fc.a(), "A");
        assertMatrix(Matrix.of(2, 1, 1, 2), fc.b(), "B");
        assertEquals(1, fc.scale());
        assertMatrix(Matrix.of(2, 3, 1, 0, -2, 2, 0, -4), fc.delta(), "ΔW");
        assertEquals(1, c.adapter().rank());
        assertEquals(CombinationType.LINEAR, c.applied());
        assertTrue(c.masks().isEmpty());
    }

    @Test
    void catStacksTheFactorsAndGivesTheExactWeightedSum() {
        // A = [1·1·A₁; −1·4·A₂], B = [B₁ B₂]: B·A = ΔW₁ − ΔW₂ = [1 2 0; 0 −4 −4].
        CombinedAdapter c = AdapterAlgebra.combine(twoRankOne(),
                AdapterCombination.builder(CombinationType.CAT).setWeights(1, -1).build());
        LoraFactors fc = c.adapter().layers().get("fc");
        assertMatrix(Matrix.of(2, 3, 1, 2, 0, 0, -4, -4), fc.a(), "A");
        assertMatrix(Matrix.of(2, 2, 1, 0, 0, 1), fc.b(), "B");
        assertMatrix(Matrix.of(2, 3, 1, 2, 0, 0, -4, -4), fc.delta(), "ΔW");
        assertEquals(2, c.adapter().rank(), "ranks 1 + 1");
    }

    @Test
    void catRanksAddUpAcrossAdaptersOfDifferentRanks() {
        AdapterFactors r2 = oneLayer("fc", Matrix.gaussian(2, 5, 1), Matrix.gaussian(4, 2, 2), 0.5);
        AdapterFactors r3 = oneLayer("fc", Matrix.gaussian(3, 5, 3), Matrix.gaussian(4, 3, 4), 2);
        CombinedAdapter c = AdapterAlgebra.combine(List.of(r2, r3),
                AdapterCombination.builder(CombinationType.CAT).setWeights(0.25, -1).build());
        assertEquals(5, c.adapter().rank());
        assertEquals(5, c.adapter().layers().get("fc").rank());
        Matrix expected = r2.layers().get("fc").delta().scale(0.25).minus(r3.layers().get("fc").delta());
        assertMatrix(expected, c.adapter().layers().get("fc").delta(), "ΔW");
    }

    @Test
    void svdKeepsTheBestRankKApproximationOfTheWeightedSum() {
        // ΔW₁ = diag(3, 2, 0) (3×4, scale 1), ΔW₂ = e₂e₂ᵀ; weights (1, 0.5): Σ = diag(3, 2, 0.5).
        AdapterFactors one = oneLayer("fc", Matrix.of(2, 4, 1, 0, 0, 0, 0, 1, 0, 0), Matrix.of(3, 2, 3, 0, 0, 2, 0, 0), 1);
        AdapterFactors two = oneLayer("fc", Matrix.of(1, 4, 0, 0, 1, 0), Matrix.of(3, 1, 0, 0, 1), 1);
        Matrix sum = Matrix.zeros(3, 4);
        sum.set(0, 0, 3);
        sum.set(1, 1, 2);
        sum.set(2, 2, 0.5);
        for (int k = 1; k <= 3; k++) {
            CombinedAdapter c = AdapterAlgebra.combine(List.of(one, two),
                    AdapterCombination.builder(CombinationType.SVD).setWeights(1, 0.5).optSvdRank(k).build());
            Matrix delta = c.adapter().layers().get("fc").delta();
            double[] dropped = {Math.sqrt(4 + 0.25), 0.5, 0}; // Eckart–Young: √(Σ dropped σ²)
            assertEquals(dropped[k - 1], sum.minus(delta).frobenius(), 1e-12, "rank " + k);
            assertEquals(k, c.adapter().rank());
        }
        CombinedAdapter byDefault = AdapterAlgebra.combine(List.of(one, two),
                AdapterCombination.builder(CombinationType.SVD).setWeights(1, 0.5).build());
        assertEquals(2, byDefault.adapter().rank(), "the adapters' largest rank");
    }

    @Test
    void svdRouteFoldsEachAdaptersScaleInTwiceAsPeftDoes() {
        // PEFT weights get_delta_weight (already s·B·A) by w·s: adapter 1 at s = 2, w = 1 gives 4·B·A.
        AdapterFactors scaled = oneLayer("fc", Matrix.of(1, 2, 1, 0), Matrix.of(2, 1, 1, 0), 2);
        AdapterFactors other = oneLayer("fc", Matrix.of(1, 2, 0, 1), Matrix.of(2, 1, 0, 1), 1);
        CombinedAdapter c = AdapterAlgebra.combine(List.of(scaled, other),
                AdapterCombination.builder(CombinationType.SVD).setWeights(1, 0).build());
        assertMatrix(Matrix.of(2, 2, 4, 0, 0, 0), c.adapter().layers().get("fc").delta(), "ΔW");
    }

    @Test
    void svdClampCutsEntriesAtTheQuantileOfBAndA() {
        // diag(3, 2, 0.5) to rank 2: B = [3 0; 0 2; 0 0], A = [1 0 0 0; 0 1 0 0]. Their 14 entries
        // sorted are ten 0s, 1, 1, 2, 3; the 0.9-quantile sits at 0.9·13 = 11.7: 1 + 0.7·(2 − 1) = 1.7.
        AdapterFactors one = oneLayer("fc", Matrix.of(2, 4, 1, 0, 0, 0, 0, 1, 0, 0), Matrix.of(3, 2, 3, 0, 0, 2, 0, 0), 1);
        AdapterFactors two = oneLayer("fc", Matrix.of(1, 4, 0, 0, 1, 0), Matrix.of(3, 1, 0, 0, 1), 1);
        CombinedAdapter c = AdapterAlgebra.combine(List.of(one, two), AdapterCombination.builder(CombinationType.SVD)
                .setWeights(1, 0.5).optSvdRank(2).optSvdClamp(0.9).build());
        LoraFactors fc = c.adapter().layers().get("fc");
        assertMatrix(Matrix.of(3, 2, 1.7, 0, 0, 1.7, 0, 0), fc.b(), "B clamped");
        assertMatrix(Matrix.of(2, 4, 1, 0, 0, 0, 0, 1, 0, 0), fc.a(), "A within the clamp");
    }

    @Test
    void aLayerOnlySomeAdaptersAdaptIsCombinedFromThoseAlone() {
        Map<String, LoraFactors> both = new LinkedHashMap<>();
        both.put("fc1", new LoraFactors(Matrix.of(1, 2, 1, 1), Matrix.of(1, 1, 1), 1));
        both.put("fc2", new LoraFactors(Matrix.of(1, 2, 2, 0), Matrix.of(1, 1, 3), 0.5));
        AdapterFactors first = AdapterFactors.of(both);
        AdapterFactors second = oneLayer("fc1", Matrix.of(1, 2, 0, 1), Matrix.of(1, 1, 1), 1);
        CombinedAdapter c = AdapterAlgebra.combine(List.of(first, second),
                AdapterCombination.builder(CombinationType.CAT).setWeights(2, 1).build());
        assertEquals(List.of("fc1", "fc2"), List.copyOf(c.adapter().layers().keySet()));
        assertMatrix(Matrix.of(1, 2, 2, 3), c.adapter().layers().get("fc1").delta(), "fc1: 2·[1 1] + [0 1]");
        assertMatrix(Matrix.of(1, 2, 6, 0), c.adapter().layers().get("fc2").delta(), "fc2: 2·0.5·3·[2 0]");
    }

    @Test
    void aSingleAdapterIsCombinedLinearlyWhateverTheType() {
        // PEFT: combination_type = "linear" if len(adapters) == 1. Weight 4, scale 1: A·2, B·2.
        AdapterFactors only = oneLayer("fc", Matrix.of(1, 2, 1, -1), Matrix.of(1, 1, 3), 1);
        CombinedAdapter c = AdapterAlgebra.combine(List.of(only), AdapterCombination.builder(CombinationType.TIES)
                .setWeights(4).optDensity(0.5).build());
        assertEquals(CombinationType.LINEAR, c.applied());
        assertMatrix(Matrix.of(1, 2, 12, -12), c.adapter().layers().get("fc").delta(), "4·ΔW");
    }

    @Test
    void theStrengthSliderMultipliesEveryScale() {
        AdapterFactors a = oneLayer("fc", Matrix.of(1, 2, 1, 2), Matrix.of(1, 1, 1), 0.5);
        AdapterFactors half = a.rescaled(0.5);
        assertEquals(0.25, half.layers().get("fc").scale());
        assertMatrix(Matrix.of(1, 2, 0.25, 0.5), half.layers().get("fc").delta(), "ΔW / 2");
        assertEquals(a.rank(), half.rank());
    }

    @Test
    void argumentsThatDoNotFitAreRefusedByName() {
        List<AdapterFactors> two = twoRankOne();
        AdapterFactors rank2 = oneLayer("fc", Matrix.gaussian(2, 3, 1), Matrix.gaussian(2, 2, 2), 1);
        IllegalArgumentException ranks = assertThrows(IllegalArgumentException.class, () -> AdapterAlgebra.combine(
                List.of(two.get(0), rank2), AdapterCombination.builder(CombinationType.LINEAR).setWeights(1, 1).build()));
        assertTrue(ranks.getMessage().contains("linear needs adapters of one rank"), ranks.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> AdapterAlgebra.combine(
                two, AdapterCombination.builder(CombinationType.CAT).setWeights(1).build()));
        assertTrue(count.getMessage().contains("2 adapters but 1 weights"), count.getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> AdapterAlgebra.combine(
                two, AdapterCombination.builder(CombinationType.SVD).setWeights(1, 1).optSvdRank(3).build()));
        assertTrue(tooBig.getMessage().contains("svd rank 3 exceeds the smaller side of layer fc (2x3)"),
                tooBig.getMessage());
        IllegalArgumentException density = assertThrows(IllegalArgumentException.class,
                () -> AdapterCombination.builder(CombinationType.TIES).setWeights(1, 1).build());
        assertEquals("density must be set for ties but was not", density.getMessage());
        IllegalArgumentException masks = assertThrows(IllegalArgumentException.class,
                () -> AdapterCombination.builder(CombinationType.DARE_LINEAR).setWeights(1, 1).optDensity(0.5).build());
        assertTrue(masks.getMessage().startsWith("drop masks must be set for dare_linear"), masks.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> AdapterCombination.builder(CombinationType.DARE_TIES).setWeights(1, 1).optDensity(0)
                        .optMasks(DropMasks.seeded(1)).build());
        assertEquals("density must be in (0, 1] for dare_ties but was 0.0", zero.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> CombinationType.byPeftName("average"));
        assertTrue(type.getMessage().startsWith("combination type must be one of linear, cat, svd"), type.getMessage());
        assertEquals(CombinationType.DARE_TIES_SVD, CombinationType.byPeftName("dare_ties_svd"));
    }
}
