package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** φ and the amplification table on matrices whose singular vectors are known by construction. */
class SubspaceOverlapTest {

    /** A (rows × 100) whose row k is (rows − k)·e_{first+k}: right singular vectors e_first, e_first+1, … in order. */
    private static Matrix rowsOnAxes(int rows, int first) {
        Matrix a = Matrix.zeros(rows, 100);
        for (int k = 0; k < rows; k++) {
            a.set(k, first + k, rows - k);
        }
        return a;
    }

    @Test
    void phiCountsTheSharedAxesOverTheSmallerDimension() {
        // A₈'s top-i directions are e₀…e_{i−1}; A₆₄'s top-j are e₄…e_{3+j}: they share
        // max(0, min(i, j + 4) − 4) axes, so φ(i, j) = that / min(i, j).
        double[][] phi = SubspaceOverlap.grid(rowsOnAxes(8, 0), rowsOnAxes(64, 4));
        assertEquals(8, phi.length);
        assertEquals(64, phi[0].length);
        for (int i = 1; i <= 8; i++) {
            for (int j = 1; j <= 64; j++) {
                double shared = Math.max(0, Math.min(i, j + 4) - 4);
                assertEquals(shared / Math.min(i, j), phi[i - 1][j - 1], 1e-12, "φ(" + i + ", " + j + ")");
            }
        }
        double[][] self = SubspaceOverlap.grid(rowsOnAxes(8, 0), rowsOnAxes(8, 0));
        for (int i = 0; i < 8; i++) {
            assertEquals(1, self[i][i], 1e-12, "an adapter against itself");
        }
    }

    @Test
    void randomSubspacesOverlapAboutAsMuchAsTheirDimensionOverTheSpaces() {
        // E‖V_iᵀV_j‖² = i·j/n for random subspaces, so φ(8, 64) ≈ 64/100.
        double[][] phi = SubspaceOverlap.randomControl(8, 64, 100, 5);
        assertEquals(0.64, phi[7][63], 0.1);
        assertTrue(phi[0][0] < 0.2, "two random lines in 100 dimensions: " + phi[0][0]);
    }

    @Test
    void amplificationOfAnUpdateOnWsWeakestDirection() {
        // W = diag(10, 5, 1) (3×3); ΔW = 4·e₂e₂ᵀ lies on W's weakest direction (σ = 1).
        Matrix w = Matrix.zeros(3, 3);
        w.set(0, 0, 10);
        w.set(1, 1, 5);
        w.set(2, 2, 1);
        Matrix delta = Matrix.zeros(3, 3);
        delta.set(2, 2, 4);
        Amplification a = Amplification.of(w, delta, 1, 3);
        assertEquals(4, a.deltaNorm(), 1e-12);
        assertEquals(Math.sqrt(126), a.weightNorm(), 1e-12);
        assertEquals(1, a.onDelta(), 1e-12, "|e₂ᵀ W e₂|");
        assertEquals(10, a.onWeight(), 1e-12, "|e₀ᵀ W e₀|");
        assertEquals(4, a.factor(), 1e-12);
        assertTrue(a.onRandom() <= 10 + 1e-12, "no rank-1 projection exceeds σ₁");
    }
}
