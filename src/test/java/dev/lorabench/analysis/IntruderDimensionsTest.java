package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Intruder dimensions on planted answers. W = diag(5, 4, 3, 2, 1, 0.5) as an 8×6 matrix: its left
 * singular vectors are e₀…e₅, so any output direction with a part on e₆ or e₇ is new to it.
 */
class IntruderDimensionsTest {

    private static final double[] DIAG = {5, 4, 3, 2, 1, 0.5};

    private static Matrix w() {
        Matrix w = Matrix.zeros(8, 6);
        for (int i = 0; i < DIAG.length; i++) {
            w.set(i, i, DIAG[i]);
        }
        return w;
    }

    /** A rank-1 adapter ΔW = scale·B·A with B = b·e_row (8×1) and A = e_col (1×6). */
    private static LoraFactors rankOne(int row, int col, double b, double scale) {
        Matrix bm = Matrix.zeros(8, 1);
        bm.set(row, 0, b);
        Matrix am = Matrix.zeros(1, 6);
        am.set(0, col, 1);
        return new LoraFactors(am, bm, scale);
    }

    @Test
    void aRankOneUpdateOrthogonalToTheBasesDirectionsIsOneIntruder() {
        // ΔW = 10·e₇·f₅ᵀ: (W+ΔW)ᵀ(W+ΔW) = diag(25, 16, 9, 4, 1, 100.25), so the top direction is
        // u = (0.5·e₅ + 10·e₇)/√100.25, whose best cosine with W's is 0.5/√100.25; the rest are e₀, e₁, …
        LoraFactors adapter = rankOne(7, 5, 10, 1);
        Svd base = Svd.exact(w());
        Svd tuned = Svd.exact(w().plus(adapter.delta()));
        IntruderDimensions found = IntruderDimensions.find(base, tuned, 3, 0.5);
        assertEquals(List.of(0), found.intruders());
        assertEquals(0.5 / Math.sqrt(100.25), found.bestCosine()[0], 1e-12);
        assertEquals(1, found.bestCosine()[1], 1e-12);
        assertEquals(1, found.bestCosine()[2], 1e-12);
        // Counts over ε: none below 0.04, one from there up to 1, all three only above 1.
        assertArrayEquals(new int[] {0, 1, 1, 3}, found.countsOver(new double[] {0.04, 0.06, 1.0, 1.01}));
        double[][] cos = IntruderDimensions.similarity(base, tuned, 3, 6);
        assertEquals(3, cos.length);
        assertEquals(6, cos[0].length);
        assertEquals(0.5 / Math.sqrt(100.25), cos[0][5], 1e-12, "the intruder leans on e₅ only");
    }

    @Test
    void aRankOneUpdateInsideTheBasesTopDirectionsIsNoIntruder() {
        // ΔW = 10·e₀·f₅ᵀ stays in span(e₀, e₅): every tuned direction there has cosine ≥ 1/√2 with e₀ or e₅.
        LoraFactors adapter = rankOne(0, 5, 10, 1);
        IntruderDimensions found = IntruderDimensions.find(
                Svd.exact(w()), Svd.exact(w().plus(adapter.delta())), 3, 0.5);
        assertEquals(List.of(), found.intruders());
        for (double b : found.bestCosine()) {
            assertTrue(b >= Math.sqrt(0.5) - 1e-12, "best cosine " + b);
        }
    }

    @Test
    void reductionRemovesItsShareOfTheIntruderAsPeftDefinesIt() {
        LoraFactors adapter = rankOne(7, 5, 5, 2); // ΔW = 2·5·e₇·f₅ᵀ, scale 2
        Svd tuned = Svd.exact(w().plus(adapter.delta()));
        IntruderDimensions found = IntruderDimensions.find(Svd.exact(w()), tuned, 3, 0.5);
        assertSame(adapter, IntruderDimensions.reduce(w(), adapter, tuned, found, 0), "removing nothing is the identity");

        // The intruder is σ·u·vᵀ = (W+ΔW)·f₅·f₅ᵀ = (0.5·e₅ + 10·e₇)·f₅ᵀ; a quarter of it removed leaves
        // ΔW' = (−0.125·e₅ + 7.5·e₇)·f₅ᵀ, refitted at rank 1 with the same scale.
        LoraFactors quarter = IntruderDimensions.reduce(w(), adapter, tuned, found, 0.25);
        Matrix expected = Matrix.zeros(8, 6);
        expected.set(5, 5, -0.125);
        expected.set(7, 5, 7.5);
        assertEquals(0, quarter.delta().maxAbsDifference(expected), 1e-12);
        assertEquals(2, quarter.scale());
        assertEquals(1, quarter.rank());
        // All of it removed takes W's own σ = 0.5 on e₅ too (the paper and PEFT subtract it from W + ΔW).
        Matrix all = Matrix.zeros(8, 6);
        all.set(5, 5, -0.5);
        assertEquals(0, IntruderDimensions.reduce(w(), adapter, tuned, found, 1).delta().maxAbsDifference(all), 1e-12);
    }

    @Test
    void aLayerWithFewerOutputsThanInputsBoundsEveryBestCosineFromBelow() {
        // Three outputs: W's three left vectors span the output space, so some cosine is ≥ 1/√3.
        Matrix w = Matrix.gaussian(3, 7, 11);
        Matrix tuned = w.plus(Matrix.gaussian(3, 7, 12).scale(5));
        IntruderDimensions found = IntruderDimensions.find(Svd.exact(w), Svd.exact(tuned), 3, 1);
        for (double b : found.bestCosine()) {
            assertTrue(b >= 1 / Math.sqrt(3) - 1e-12, "best cosine " + b);
        }
    }

    @Test
    void badControlsAreRefusedNamingTheValue() {
        Svd base = Svd.exact(w());
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> IntruderDimensions.find(base, base, 7, 0.5));
        assertEquals("k must be in 1..6 but was 7", k.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntruderDimensions.find(base, base, 3, 0));
        assertEquals("ε must be in (0, 1] but was 0.0", e.getMessage());
    }
}
