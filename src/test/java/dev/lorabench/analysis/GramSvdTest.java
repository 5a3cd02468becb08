package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link GramSvd}, the SVD route's fallback: the same leading triplets as EJML's SVD where that
 * converges, and an exact rank-r factorisation of a rank-r matrix of the MLP's 1000×784 shape,
 * where EJML's SVD may not converge.
 */
class GramSvdTest {

    private static Matrix random(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Matrix.of(rows, cols, v);
    }

    @Test
    void theLeadingTripletsAreEjmlsWhereItConverges() {
        for (Matrix m : new Matrix[] {random(60, 40, 1), random(30, 70, 2)}) {
            Svd exact = Svd.topK(m, 5);
            Svd gram = GramSvd.topK(m, 5);
            for (int j = 0; j < 5; j++) {
                assertEquals(exact.sigma()[j], gram.sigma()[j], 1e-9 * exact.sigma()[0], "sigma " + j);
            }
            // U·Σ·Vᵀ does not depend on the vectors' signs.
            assertTrue(exact.reconstruct(5).maxAbsDifference(gram.reconstruct(5)) < 1e-8);
        }
    }

    @Test
    void aLowRankMlpLayerFactorsExactly() {
        Matrix b = random(1000, 6, 3);
        Matrix a = random(6, 784, 4);
        Matrix delta = b.times(a); // rank 6 with 778 zero singular values
        LoraFactors f = SvdFactors.of(delta, 6, OptionalDouble.empty());
        assertEquals(6, f.rank());
        double scale = 0;
        for (double v : delta.values()) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(f.delta().maxAbsDifference(delta) < 1e-9 * scale, "B·A is the rank-6 matrix");
    }
}
