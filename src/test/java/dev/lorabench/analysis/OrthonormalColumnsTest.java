package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * An orthonormal basis of a matrix's columns, also when a column already has zeros below the
 * diagonal (an upper-triangular block, as OLoRA's A = R[:r] gives): EJML's Householder QR reports
 * "failure" for such a column although its factors are exact. Checked by hand: QᵀQ = I and Q·Qᵀ
 * keeps every original column.
 */
class OrthonormalColumnsTest {

    @Test
    void anUpperTriangularBlockGetsItsBasis() {
        // 5×2, columns (1,0,0,0,0) and (2,3,0,0,0): the basis is e₁, e₂ up to sign.
        Matrix m = Matrix.of(5, 2, 1, 2, 0, 3, 0, 0, 0, 0, 0, 0);
        Matrix q = m.orthonormalColumns();
        assertEquals(5, q.rows());
        assertEquals(2, q.cols());
        assertOrthonormal(q);
        assertEquals(1, Math.abs(q.get(0, 0)), 1e-12);
        assertEquals(1, Math.abs(q.get(1, 1)), 1e-12);
        for (int r = 2; r < 5; r++) {
            assertEquals(0, q.get(r, 0), 1e-12);
            assertEquals(0, q.get(r, 1), 1e-12);
        }
    }

    @Test
    void dependentColumnsGetOrthonormalColumnsSpanningThem() {
        // A LoRA B after one Adam step: ±lr everywhere, two columns with one sign pattern (rank 1).
        Matrix b = Matrix.of(4, 2, 1e-3, 1e-3, -1e-3, -1e-3, 1e-3, 1e-3, -1e-3, -1e-3);
        Matrix q = b.orthonormalColumns();
        assertEquals(2, q.cols());
        assertOrthonormal(q);
        // The column (1, −1, 1, −1)·1e-3 lies in span(Q): Q·Qᵀ·b = b.
        Matrix back = q.times(q.transposeTimes(b));
        assertEquals(0, back.maxAbsDifference(b), 1e-15);
        // And the low-rank SVD built on it finds the single direction: σ = ‖b‖_F·‖a‖ for a = (1, 0)ᵀ-ish rows.
        Svd svd = Svd.ofLowRank(b, Matrix.of(2, 3, 1, 0, 0, 0, 1, 0), 1);
        assertEquals(1, svd.size(), "a rank-1 ΔW has one direction");
    }

    /** QᵀQ = I. */
    private static void assertOrthonormal(Matrix q) {
        for (int i = 0; i < q.cols(); i++) {
            for (int j = 0; j < q.cols(); j++) {
                double dot = 0;
                for (int r = 0; r < q.rows(); r++) {
                    dot += q.get(r, i) * q.get(r, j);
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-12, "QᵀQ at " + i + "," + j);
            }
        }
    }
}
