package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TIES, DARE and magnitude pruning worked by hand. Each adapter is a 1×4 layer with B = [1] at
 * scale 1, so its ΔW is its A row, the task vector; the *_svd types merge the ΔW's, and a rank-1
 * SVD of a 1×4 row returns it exactly.
 */
class TaskMergeTest {

    // density 0.5 keeps ⌊0.5·4⌋ = 2 entries each: t₁ → [4 0 0 −3], t₂ → [−2 3 0 0], t₃ → [3 −5 0 0].
    private static final double[] T1 = {4, -1, 2, -3};
    private static final double[] T2 = {-2, 3, 1, 1};
    private static final double[] T3 = {3, -5, -0.5, 2};
    private static final double[] WEIGHTS = {1, 2, 0.5};

    private static List<AdapterFactors> tasks() {
        return List.of(task(T1), task(T2), task(T3));
    }

    private static AdapterFactors task(double[] t) {
        return AdapterFactors.of(Map.of("fc", new LoraFactors(Matrix.of(1, 4, t), Matrix.of(1, 1, 1), 1)));
    }

    private static double[] merged(AdapterCombination.Builder how) {
        CombinedAdapter c = AdapterAlgebra.combine(tasks(), how.setWeights(WEIGHTS).optSvdRank(1).build());
        return c.adapter().layers().get("fc").delta().values();
    }

    @Test
    void tiesTrimsElectsTheSignOfTheSumAndAveragesTheAgreeingWeightedValues() {
        // Sums of the trimmed values: [5 −2 0 −3] elect [+ − + −].
        // [ (4·1 + 3·0.5)/2, −5·0.5, nothing agrees → 0, −3·1 ]
        double[] out = merged(AdapterCombination.builder(CombinationType.TIES_SVD).optDensity(0.5));
        assertArrayEquals(new double[] {2.75, -2.5, 0, -3}, out, 1e-12);
    }

    @Test
    void tiesByFrequencyElectsTheSignMostTrimmedValuesHave() {
        // Sign counts: [+1+(−1)+(+1), 0+1−1, 0, −1] = [1 0 0 −1] elect [+ + + −]; entry 1 now keeps t₂'s 3·2.
        double[] out = merged(AdapterCombination.builder(CombinationType.TIES_SVD).optDensity(0.5)
                .optElection(SignElection.FREQUENCY));
        assertArrayEquals(new double[] {2.75, 6, 0, -3}, out, 1e-12);
    }

    @Test
    void magnitudePruneTrimsThenAddsWithWeights() {
        // [4 − 2·2 + 3·0.5, 3·2 − 5·0.5, 0, −3]
        double[] out = merged(AdapterCombination.builder(CombinationType.MAGNITUDE_PRUNE_SVD).optDensity(0.5));
        assertArrayEquals(new double[] {1.5, 3.5, 0, -3}, out, 1e-12);
    }

    /** Keep-masks t₁ [1 0 1 1], t₂ [0 1 1 0], t₃ [1 1 0 0]. */
    private static DropMasks givenMasks() {
        return DropMasks.recorded(Map.of(
                new DropMasks.Site("fc", DropMasks.Part.DELTA, 0), Matrix.of(1, 4, 1, 0, 1, 1),
                new DropMasks.Site("fc", DropMasks.Part.DELTA, 1), Matrix.of(1, 4, 0, 1, 1, 0),
                new DropMasks.Site("fc", DropMasks.Part.DELTA, 2), Matrix.of(1, 4, 1, 1, 0, 0)));
    }

    @Test
    void dareDropsByTheGivenMaskAndRescalesByOneOverDensity() {
        // Kept and doubled: [8 0 4 −6], [0 6 2 0], [6 −10 0 0]; with weights (1, 2, 0.5):
        // [8 + 3, 12 − 5, 4 + 4, −6].
        double[] out = merged(AdapterCombination.builder(CombinationType.DARE_LINEAR_SVD).optDensity(0.5)
                .optMasks(givenMasks()));
        assertArrayEquals(new double[] {11, 7, 8, -6}, out, 1e-12);
    }

    @Test
    void dareTiesElectsOnTheRescaledValues() {
        // Sums [14 −4 6 −6] elect [+ − + −]: [(8 + 6·0.5)/2, −10·0.5, (4 + 2·2)/2, −6].
        double[] out = merged(AdapterCombination.builder(CombinationType.DARE_TIES_SVD).optDensity(0.5)
                .optMasks(givenMasks()));
        assertArrayEquals(new double[] {5.5, -5, 4, -6}, out, 1e-12);
    }

    @Test
    void tiesOnTheFactorRouteMergesAAndBApart() {
        // Rank 1 on a 2×2 layer, scales 1, weights (1, 4): A and B both weighted by (1, 2).
        // A's [2 −1], [−1 3]: sums [1 2] elect [+ +] → [2·1, 3·2] = [2 6].
        // B's [1; 1], [2; −1]: sums [3 0] elect [+ +] → [(1 + 2·2)/2; 1] = [2.5; 1].
        AdapterFactors one = AdapterFactors.of(Map.of("fc",
                new LoraFactors(Matrix.of(1, 2, 2, -1), Matrix.of(2, 1, 1, 1), 1)));
        AdapterFactors two = AdapterFactors.of(Map.of("fc",
                new LoraFactors(Matrix.of(1, 2, -1, 3), Matrix.of(2, 1, 2, -1), 1)));
        CombinedAdapter c = AdapterAlgebra.combine(List.of(one, two),
                AdapterCombination.builder(CombinationType.TIES).setWeights(1, 4).optDensity(1).build());
        LoraFactors fc = c.adapter().layers().get("fc");
        assertArrayEquals(new double[] {2, 6}, fc.a().values(), 1e-12);
        assertArrayEquals(new double[] {2.5, 1}, fc.b().values(), 1e-12);
    }

    @Test
    void theMasksUsedComeBackWithTheResultKeyedBySite() {
        CombinedAdapter c = AdapterAlgebra.combine(tasks(), AdapterCombination.builder(CombinationType.DARE_LINEAR_SVD)
                .setWeights(WEIGHTS).optDensity(0.5).optSvdRank(1).optMasks(givenMasks()).build());
        assertEquals(3, c.masks().size());
        assertArrayEquals(new double[] {0, 1, 1, 0},
                c.masks().get(new DropMasks.Site("fc", DropMasks.Part.DELTA, 1)).values());
        CombinedAdapter factors = AdapterAlgebra.combine(List.of(task(T1), task(T2)),
                AdapterCombination.builder(CombinationType.DARE_TIES).setWeights(1, 1).optDensity(0.5)
                        .optMasks(DropMasks.seeded(3)).build());
        assertEquals(4, factors.masks().size(), "lora_A and lora_B of both adapters");
    }

    @Test
    void seededMasksRepeatAndKeepAboutTheDensity() {
        DropMasks masks = DropMasks.seeded(42);
        DropMasks.Site site = new DropMasks.Site("layer1.0.conv1", DropMasks.Part.LORA_A, 1);
        Matrix m = masks.mask(site, 100, 100, 0.3);
        assertArrayEquals(m.values(), masks.mask(site, 100, 100, 0.3).values(), "same seed, same site");
        double kept = java.util.Arrays.stream(m.values()).sum() / 10_000;
        assertEquals(0.3, kept, 0.02, "10,000 Bernoulli(0.3) draws");
        Matrix other = masks.mask(new DropMasks.Site("layer1.0.conv1", DropMasks.Part.LORA_A, 2), 100, 100, 0.3);
        assertNotEquals(java.util.Arrays.hashCode(m.values()), java.util.Arrays.hashCode(other.values()),
                "another adapter draws other drops");
    }

    @Test
    void maskKeysRoundTripWithDottedLayerNames() {
        DropMasks.Site site = new DropMasks.Site("features.0", DropMasks.Part.LORA_B, 3);
        assertEquals("features.0.lora_B.3", site.key());
        assertEquals(site, DropMasks.Site.ofKey(site.key()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DropMasks.recorded(Map.of()).mask(site, 2, 2, 0.5));
        assertEquals("no recorded mask for features.0.lora_B.3", e.getMessage());
    }
}
