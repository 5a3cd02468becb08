package dev.lorabench.analysis;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * A (possibly truncated) singular value decomposition M ≈ U·diag(σ)·Vᵀ with σ descending.
 *
 * <p>Every decomposition is EJML's dense SVD of M itself (bidiagonalisation and implicit QR), never
 * an eigen-decomposition of MᵀM, which squares the condition number and loses every σ below about
 * √(nε)·σ₁ (docs/decisions/0007). Values under max(rows, cols)·ε·σ₁, the SVD's own rounding level,
 * are reported as 0: they are noise, not directions.
 *
 * <p>Ways in: {@link #exact} (all triplets, for small matrices), {@link #ofLowRank} for a LoRA
 * update s·B·A (through the r×r core), {@link #spectrum} / {@link #topK} for large dense matrices
 * (every value and the leading triplets) and {@link #singularValues} for the values alone.
 */
public record Svd(double[] sigma, Matrix u, Matrix v) {

    /** The whole spectrum of a dense matrix with its leading triplets, from one decomposition. */
    public record Spectrum(double[] all, Svd leading) {}

    /** The thin SVD, all min(rows, cols) triplets. */
    public static Svd exact(Matrix m) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = decompose(m, true, true);
        double[] raw = svd.getSingularValues();
        Integer[] order = descending(raw, svd.numberOfSingularValues());
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] sigma = cleaned(raw, order, m);
        return new Svd(sigma, columns(u, order, order.length), columns(v, order, order.length));
    }

    /** All min(rows, cols) singular values, descending, without vectors. */
    public static double[] singularValues(Matrix m) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = decompose(m, false, false);
        double[] raw = svd.getSingularValues();
        return cleaned(raw, descending(raw, svd.numberOfSingularValues()), m);
    }

    /** The leading {@code k} singular values (all of them when there are fewer). */
    public static double[] leadingValues(Matrix m, int k) {
        double[] all = singularValues(m);
        return Arrays.copyOf(all, Math.min(k, all.length));
    }

    /**
     * Every singular value of a dense matrix and its leading {@code k} triplets. Only the vectors
     * of the smaller side come from the decomposition (for the MLP's 2000×1000 layer half the cost
     * of both sides); the other side's leading ones follow from M·v = σ·u (u = 0 where σ = 0).
     */
    public static Spectrum spectrum(Matrix m, int k) {
        boolean wide = m.cols() > m.rows();
        Matrix t = wide ? m.transpose() : m; // tall: rows ≥ cols, so V is the small side
        // Zero rows change neither the singular values nor V, but EJML's implicit QR can fail to
        // converge on a low-rank matrix that has many (a LoRA ΔW whose B rows stayed 0 behind dead
        // ReLUs): decompose without them.
        Matrix nonzero = withoutZeroRows(t);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = decompose(nonzero, false, true);
        double[] raw = svd.getSingularValues();
        Integer[] order = descending(raw, svd.numberOfSingularValues());
        double[] all = Arrays.copyOf(cleaned(raw, order, m), Math.min(m.rows(), m.cols()));
        k = Math.min(k, all.length);
        // Past the non-zero rows' count only σ = 0 directions remain; their v stays 0 (u = 0 anyway).
        Matrix v = Matrix.zeros(t.cols(), k);
        Matrix found = columns(svd.getV(null, false), order, Math.min(k, order.length));
        for (int c = 0; c < found.cols(); c++) {
            for (int r = 0; r < t.cols(); r++) {
                v.set(r, c, found.get(r, c));
            }
        }
        Matrix tv = t.times(v);
        Matrix u = Matrix.zeros(t.rows(), k);
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < t.rows(); r++) {
                u.set(r, c, all[c] > 0 ? tv.get(r, c) / all[c] : 0);
            }
        }
        double[] sigma = Arrays.copyOf(all, k);
        return new Spectrum(all, wide ? new Svd(sigma, v, u) : new Svd(sigma, u, v));
    }

    /** The leading {@code k} singular triplets of a dense matrix. */
    public static Svd topK(Matrix m, int k) {
        return spectrum(m, k).leading();
    }

    /**
     * SVD of ΔW = scale·B·A with B (out×r) and A (r×in): QR of B and Aᵀ reduce it to an r×r core.
     * Only directions with σ &gt; 0 are kept: an untrained adapter (B = 0) has none.
     */
    public static Svd ofLowRank(Matrix b, Matrix a, double scale) {
        Matrix qb = b.orthonormalColumns();
        Matrix qa = a.transpose().orthonormalColumns();
        // core = Q_Bᵀ (s·B·A) Q_A, exact because B's columns lie in span(Q_B) and A's rows in span(Q_A).
        Matrix core = qb.transposeTimes(b).times(a.times(qa)).scale(scale);
        Svd small = exact(core);
        int kept = (int) Arrays.stream(small.sigma).filter(s -> s > 0).count();
        return new Svd(Arrays.copyOf(small.sigma, kept), qb.times(small.u.leftColumns(kept)),
                qa.times(small.v.leftColumns(kept)));
    }

    public int size() {
        return sigma.length;
    }

    /** The leading {@code k} triplets. */
    public Svd truncate(int k) {
        k = Math.min(k, sigma.length);
        return new Svd(Arrays.copyOf(sigma, k), u.leftColumns(k), v.leftColumns(k));
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
            Arrays.fill(acc, 0);
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

    private static SingularValueDecomposition_F64<DMatrixRMaj> decompose(Matrix m, boolean needU, boolean needV) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(m.rows(), m.cols(), needU, needV, true);
        if (!svd.decompose(m.toEjml())) {
            throw new IllegalStateException("the SVD of a " + m.rows() + "x" + m.cols() + " matrix did not converge");
        }
        return svd;
    }

    /** {@code m} without its rows of zeros ({@code m} itself when it has none). */
    private static Matrix withoutZeroRows(Matrix m) {
        double[] values = m.values();
        int cols = m.cols();
        int kept = 0;
        double[] out = new double[values.length];
        for (int r = 0; r < m.rows(); r++) {
            boolean zero = true;
            for (int c = 0; c < cols && zero; c++) {
                zero = values[r * cols + c] == 0;
            }
            if (!zero) {
                System.arraycopy(values, r * cols, out, kept * cols, cols);
                kept++;
            }
        }
        return kept == m.rows() ? m : Matrix.of(Math.max(kept, 1), cols, Arrays.copyOf(out, Math.max(kept, 1) * cols));
    }

    /** Indices of the first {@code n} values, largest value first (EJML leaves them unordered). */
    private static Integer[] descending(double[] values, int n) {
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
        return order;
    }

    /** The values in {@code order}, those at the rounding level of M's SVD set to 0. */
    private static double[] cleaned(double[] raw, Integer[] order, Matrix m) {
        double[] sigma = new double[order.length];
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = raw[order[i]];
        }
        double floor = sigma.length == 0 ? 0 : Math.max(m.rows(), m.cols()) * Math.ulp(1.0) * sigma[0];
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = sigma[i] > floor ? sigma[i] : 0;
        }
        return sigma;
    }

    /** The first {@code k} columns of {@code m} taken in {@code order}. */
    private static Matrix columns(DMatrixRMaj m, Integer[] order, int k) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, k);
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < m.numRows; r++) {
                out.unsafe_set(r, c, m.unsafe_get(r, order[c]));
            }
        }
        return Matrix.fromEjml(out);
    }
}
