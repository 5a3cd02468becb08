package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The analysis maths on small matrices with known answers. */
class SpectraTest {

    @Test
    void exactSvdOfADiagonalMatrixGivesItsSortedEntries() {
        Matrix m = Matrix.of(3, 2, 0, 3, 4, 0, 0, 0);
        Svd s = Svd.exact(m);
        assertArrayEquals(new double[] {4, 3}, s.sigma(), 1e-12);
        assertEquals(0, s.reconstruct(2).maxAbsDifference(m), 1e-12);
    }

    @Test
    void exactSvdReconstructsARandomWideMatrix() {
        Matrix m = Matrix.gaussian(5, 9, 7);
        Svd s = Svd.exact(m);
        assertEquals(5, s.size());
        assertEquals(0, s.reconstruct(5).maxAbsDifference(m), 1e-9);
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.sigma()[i - 1] >= s.sigma()[i]);
        }
    }

    @Test
    void lowRankSvdMatchesTheDenseProduct() {
        Matrix b = Matrix.gaussian(40, 3, 1);
        Matrix a = Matrix.gaussian(3, 25, 2);
        Matrix dense = b.times(a).scale(0.5);
        Svd low = Svd.ofLowRank(b, a, 0.5);
        Svd ref = Svd.exact(dense);
        assertEquals(3, low.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(ref.sigma()[i], low.sigma()[i], 1e-9);
        }
        assertEquals(0, low.reconstruct(3).maxAbsDifference(dense), 1e-9);
        // A true SVD leaves a zero singular value at the rounding level (through the Gram matrix it was ~1e-7).
        assertEquals(0, ref.sigma()[3], 1e-12);
    }

    @Test
    void topKFindsTheLeadingSpectrumOfALargeMatrix() {
        // 300×200 with a known spectrum: 10, 9, ..., 1 then tiny noise.
        Matrix u = Matrix.gaussian(300, 10, 3).orthonormalColumns();
        Matrix v = Matrix.gaussian(200, 10, 4).orthonormalColumns();
        Matrix d = Matrix.zeros(10, 10);
        for (int i = 0; i < 10; i++) {
            d.set(i, i, 10 - i);
        }
        Matrix m = u.times(d).times(v.transpose()).plus(Matrix.gaussian(300, 200, 5).scale(1e-4));
        Svd top = Svd.topK(m, 5);
        assertArrayEquals(new double[] {10, 9, 8, 7, 6}, top.sigma(), 1e-2);
        assertEquals(0, top.u().transposeTimes(top.u()).maxAbsDifference(Matrix.identity(5)), 1e-12);
        assertEquals(0, top.v().transposeTimes(top.v()).maxAbsDifference(Matrix.identity(5)), 1e-12);
    }

    @Test
    void effectiveRankOfKEqualSingularValuesIsK() {
        assertEquals(3, Spectra.effectiveRank(new double[] {2, 2, 2, 0, 0}), 1e-12);
        assertEquals(1, Spectra.effectiveRank(new double[] {5}), 1e-12);
        double skewed = Spectra.effectiveRank(new double[] {10, 1, 1});
        assertTrue(skewed > 1 && skewed < 3);
    }

    @Test
    void subspaceSimilarityIsOneForTheSameSpanAndZeroForOrthogonalOnes() {
        Matrix e12 = Matrix.of(4, 2, 1, 0, 0, 1, 0, 0, 0, 0);
        Matrix rotated = Matrix.of(4, 2, Math.sqrt(0.5), Math.sqrt(0.5), Math.sqrt(0.5), -Math.sqrt(0.5), 0, 0, 0, 0);
        Matrix e34 = Matrix.of(4, 2, 0, 0, 0, 0, 1, 0, 0, 1);
        Matrix e1 = Matrix.of(4, 1, 1, 0, 0, 0);
        assertEquals(1, Spectra.subspaceSimilarity(e12, rotated), 1e-12);
        assertEquals(0, Spectra.subspaceSimilarity(e12, e34), 1e-12);
        assertEquals(1, Spectra.subspaceSimilarity(e1, e12), 1e-12);
    }

    @Test
    void amplificationOfAnUpdateAlongWsOwnDirectionsIsItsRelativeSize() {
        Matrix w = Matrix.of(2, 2, 4, 0, 0, 1);
        Matrix delta = Matrix.of(2, 2, 2, 0, 0, 0); // along W's top direction, half its size
        assertEquals(0.5, Spectra.amplification(delta, w, Svd.exact(delta).truncate(1)), 1e-12);
    }

    @Test
    void truncationErrorsFallToZeroAtFullRank() {
        double[] errors = Spectra.truncationErrors(new double[] {3, 4}, 25);
        assertEquals(Math.sqrt(16.0 / 25), errors[0], 1e-12);
        assertEquals(0, errors[1], 1e-12);
    }

    @Test
    void addingATruncatedReconstructionToAWeightGivesExactlyWhatTheMatrixOpsGive() {
        Matrix base = Matrix.gaussian(30, 20, 3);
        Matrix delta = Matrix.gaussian(30, 20, 4);
        Svd svd = Svd.topK(delta, 8);
        float[] out = new float[30 * 20];
        for (int k : new int[] {1, 3, 8}) {
            svd.addReconstruction(base, k, out);
            assertArrayEquals(base.plus(svd.reconstruct(k)).toFloats(), out, "k = " + k);
        }
    }
}
