package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A low-rank update whose B has mostly zero rows (hidden units that never fired while it
 * trained): EJML's dense SVD did not converge on such a matrix, so {@link Svd#spectrum} leaves the
 * zero rows out. Checked against {@link Svd#ofLowRank}, which never forms the dense matrix.
 */
class SvdZeroRowsTest {

    @Test
    void aLowRankMatrixWithMostlyZeroRowsDecomposes() {
        int rows = 1000;
        int cols = 784;
        double[] b = Matrix.gaussian(rows, 4, 1).scale(1e-2).values();
        Random keep = new Random(3);
        for (int r = 0; r < rows; r++) {
            if (keep.nextInt(20) != 0) {
                for (int k = 0; k < 4; k++) {
                    b[r * 4 + k] = 0;
                }
            }
        }
        Matrix bm = Matrix.of(rows, 4, b);
        Matrix a = Matrix.gaussian(4, cols, 2);
        Matrix dense = bm.times(a);
        Svd viaCore = Svd.ofLowRank(bm, a, 1);
        for (Matrix m : new Matrix[] {dense, dense.transpose()}) {
            Svd.Spectrum s = Svd.spectrum(m, 6);
            assertEquals(Math.min(m.rows(), m.cols()), s.all().length);
            for (int i = 0; i < 4; i++) {
                assertEquals(viaCore.sigma()[i], s.all()[i], 1e-12 * viaCore.sigma()[0], "sigma " + i);
            }
            assertEquals(0, s.all()[4]);
            Matrix back = s.leading().reconstruct(6);
            Matrix expected = m == dense ? dense : dense.transpose();
            assertEquals(0, back.maxAbsDifference(expected), 1e-12);
        }
    }

    @Test
    void aZeroMatrixHasOnlyZeroValues() {
        Svd.Spectrum s = Svd.spectrum(Matrix.zeros(30, 20), 3);
        assertEquals(20, s.all().length);
        assertEquals(0, s.leading().reconstruct(3).frobenius());
    }
}
