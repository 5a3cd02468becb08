package dev.lorabench.analysis;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The leading singular triplets of a dense matrix from the symmetric eigen-decomposition of its
 * Gram matrix MᵀM (the smaller side): the fallback of the adapter algebra's SVD route when EJML's
 * SVD does not converge, which it does not on some MLP layers whose merged ΔW has hundreds of zero
 * singular values (e.g. {@code svd} of two LoRA adapters on the 1000×784 layer). The leading σ lose
 * no accuracy that matters there: squaring costs relative precision only on the σ far below σ₁,
 * which the truncation drops.
 */
final class GramSvd {

    private GramSvd() {}

    /** The leading {@code k} triplets of {@code m} (σ descending, σ = 0 directions with u = 0). */
    static Svd topK(Matrix m, int k) {
        boolean wide = m.cols() > m.rows();
        Matrix t = wide ? m.transpose() : m; // tall: rows ≥ cols, so the Gram matrix is the small side
        int n = t.cols();
        k = Math.min(k, n);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(t.transposeTimes(t).toEjml())) {
            throw new IllegalStateException("neither the SVD nor the eigen-decomposition of the Gram matrix of a "
                    + m.rows() + "x" + m.cols() + " matrix converged");
        }
        double[] lambda = new double[eig.getNumberOfEigenvalues()];
        for (int i = 0; i < lambda.length; i++) {
            lambda[i] = eig.getEigenvalue(i).getReal();
        }
        Integer[] order = IntStream.range(0, lambda.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> lambda[i]).reversed());
        double[] sigma = new double[k];
        Matrix v = Matrix.zeros(n, k);
        for (int j = 0; j < k; j++) {
            sigma[j] = Math.sqrt(Math.max(0, lambda[order[j]]));
            DMatrixRMaj vec = eig.getEigenVector(order[j]);
            double norm = 0;
            for (int r = 0; r < n; r++) {
                norm += vec.get(r, 0) * vec.get(r, 0);
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < n; r++) {
                v.set(r, j, vec.get(r, 0) / norm);
            }
        }
        Matrix tv = t.times(v);
        Matrix u = Matrix.zeros(t.rows(), k);
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < t.rows(); r++) {
                u.set(r, c, sigma[c] > 0 ? tv.get(r, c) / sigma[c] : 0);
            }
        }
        return wide ? new Svd(sigma, v, u) : new Svd(sigma, u, v);
    }
}
