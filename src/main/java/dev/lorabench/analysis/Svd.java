package dev.lorabench.analysis;

/**
 * A (possibly truncated) singular value decomposition M ≈ U·diag(σ)·Vᵀ with σ descending.
 *
 * <p>Three ways in: {@link #exact} for small matrices, {@link #ofLowRank} for a LoRA update
 * s·B·A (exact, through the r×r core), and {@link #topK} for large dense matrices (randomised
 * range finder with power iterations, accurate for the leading directions that the analysis uses).
 */
public record Svd(double[] sigma, Matrix u, Matrix v) {

    /** Exact SVD of a matrix whose smaller side is modest (it diagonalises the Gram matrix). */
    public static Svd exact(Matrix m) {
        boolean wide = m.cols() > m.rows();
        Matrix t = wide ? m.transpose() : m; // tall: rows ≥ cols
        SymmetricEigen eig = SymmetricEigen.of(t.transposeTimes(t));
        int n = t.cols();
        double[] sigma = new double[n];
        for (int i = 0; i < n; i++) {
            sigma[i] = Math.sqrt(Math.max(0, eig.values[i]));
        }
        Matrix v = eig.vectors;
        Matrix tv = t.times(v);
        Matrix u = Matrix.zeros(t.rows(), n);
        for (int c = 0; c < n; c++) {
            for (int r = 0; r < t.rows(); r++) {
                u.set(r, c, sigma[c] > 1e-12 ? tv.get(r, c) / sigma[c] : 0);
            }
        }
        return wide ? new Svd(sigma, v, u) : new Svd(sigma, u, v);
    }

    /**
     * All min(rows, cols) singular values of a dense matrix, descending, without vectors: the
     * square roots of the eigenvalues of the smaller Gram matrix (tridiagonal QL). Values far below
     * the largest are only resolved down to about √(n·ε)·σ₁ (~5e-7·σ₁ for n = 1000): eigenvalues
     * of the Gram matrix below n·ε·λ₁ are rounding noise and are reported as 0 rather than as a
     * thousand spurious tiny σ that would lift the effective rank. For the MLP's 2000×1000 layer
     * the Gram product and the eigenvalues take a few seconds (see docs/decisions/0003).
     */
    public static double[] singularValues(Matrix m) {
        Matrix t = m.cols() > m.rows() ? m.transpose() : m; // tall: rows ≥ cols
        double[] lambda = SymmetricEigen.eigenvalues(t.transposeTimes(t));
        double[] sigma = new double[lambda.length];
        double floor = lambda.length == 0 ? 0 : lambda.length * Math.ulp(1.0) * lambda[0];
        for (int i = 0; i < lambda.length; i++) {
            sigma[i] = lambda[i] > floor ? Math.sqrt(lambda[i]) : 0;
        }
        return sigma;
    }

    /**
     * SVD of ΔW = scale·B·A with B (out×r) and A (r×in): QR of B and Aᵀ reduce it to an r×r core.
     */
    public static Svd ofLowRank(Matrix b, Matrix a, double scale) {
        Matrix qb = b.orthonormalColumns();
        Matrix qa = a.transpose().orthonormalColumns();
        // core = Q_Bᵀ (s·B·A) Q_A, exact because B's columns lie in span(Q_B) and A's rows in span(Q_A).
        Matrix core = qb.transposeTimes(b).times(a.times(qa)).scale(scale);
        Svd small = exact(core);
        return new Svd(small.sigma, qb.times(small.u), qa.times(small.v));
    }

    /** The leading {@code k} singular triplets of a dense matrix (randomised, seeded). */
    public static Svd topK(Matrix m, int k, long seed) {
        int limit = Math.min(m.rows(), m.cols());
        k = Math.min(k, limit);
        int width = Math.min(limit, k + 10);
        if (width >= limit || limit <= 64) {
            return exact(m).truncate(k);
        }
        Matrix q = m.times(Matrix.gaussian(m.cols(), width, seed)).orthonormalColumns();
        for (int i = 0; i < 4; i++) {
            q = m.times(m.transposeTimes(q)).orthonormalColumns();
        }
        Matrix small = q.transposeTimes(m); // width × cols
        Svd s = exact(small);
        return new Svd(s.sigma, q.times(s.u), s.v).truncate(k);
    }

    public int size() {
        return sigma.length;
    }

    /** The leading {@code k} triplets. */
    public Svd truncate(int k) {
        k = Math.min(k, sigma.length);
        return new Svd(java.util.Arrays.copyOf(sigma, k), u.leftColumns(k), v.leftColumns(k));
    }

    /**
     * {@code base} + U_k·diag(σ_k)·V_kᵀ rounded to floats, written into {@code out} (rows × cols of
     * base): the same sums in the same order as {@code base.plus(reconstruct(k)).toFloats()},
     * without three full-size intermediate matrices.
     */
    public void addReconstruction(Matrix base, int k, float[] out) {
        k = Math.min(k, sigma.length);
        int rows = u.rows();
        int cols = v.rows();
        if (base.rows() != rows || base.cols() != cols || out.length != rows * cols) {
            throw new IllegalArgumentException("base " + base.rows() + "x" + base.cols() + " and " + out.length
                    + " outputs do not fit a " + rows + "x" + cols + " reconstruction");
        }
        double[][] vt = new double[k][cols];
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < cols; c++) {
                vt[j][c] = v.get(c, j);
            }
        }
        double[] acc = new double[cols];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(acc, 0);
            for (int j = 0; j < k; j++) {
                double w = u.get(r, j) * sigma[j];
                if (w == 0) {
                    continue;
                }
                double[] row = vt[j];
                for (int c = 0; c < cols; c++) {
                    acc[c] += w * row[c];
                }
            }
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) (base.get(r, c) + acc[c]);
            }
        }
    }

    /** U_k·diag(σ_k)·V_kᵀ. */
    public Matrix reconstruct(int k) {
        Svd t = truncate(k);
        Matrix us = Matrix.zeros(t.u.rows(), t.sigma.length);
        for (int r = 0; r < us.rows(); r++) {
            for (int c = 0; c < t.sigma.length; c++) {
                us.set(r, c, t.u.get(r, c) * t.sigma[c]);
            }
        }
        return us.times(t.v.transpose());
    }
}
