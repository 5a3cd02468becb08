package dev.lorabench.analysis;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * A dense row-major matrix of doubles for the analysis maths. Small and plain on purpose: weight
 * matrices reach it as copies, so the analysis runs without the engine and is testable alone; the
 * decompositions (QR, SVD) are EJML's, reached through {@link #toEjml} (docs/decisions/0007).
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final double[] a;

    private Matrix(int rows, int cols, double[] a) {
        if (rows < 0 || cols < 0 || a.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "a " + rows + "x" + cols + " matrix needs " + (long) rows * cols + " values but got " + a.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.a = a;
    }

    public static Matrix of(int rows, int cols, double... values) {
        return new Matrix(rows, cols, values.clone());
    }

    public static Matrix ofFloats(int rows, int cols, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new Matrix(rows, cols, d);
    }

    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[rows * cols]);
    }

    public static Matrix identity(int n) {
        Matrix m = zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.a[i * n + i] = 1;
        }
        return m;
    }

    public static Matrix gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian();
        }
        return new Matrix(rows, cols, d);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public double get(int r, int c) {
        return a[r * cols + c];
    }

    void set(int r, int c, double v) {
        a[r * cols + c] = v;
    }

    /** A copy of the values, row-major. */
    public double[] values() {
        return a.clone();
    }

    public float[] toFloats() {
        float[] f = new float[a.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    public Matrix transpose() {
        double[] t = new double[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return new Matrix(cols, rows, t);
    }

    /** this · other. */
    public Matrix times(Matrix other) {
        if (cols != other.rows) {
            throw new IllegalArgumentException("cannot multiply " + rows + "x" + cols + " by " + other.rows + "x" + other.cols);
        }
        double[] out = new double[rows * other.cols];
        for (int r = 0; r < rows; r++) {
            int rowOut = r * other.cols;
            for (int k = 0; k < cols; k++) {
                double v = a[r * cols + k];
                if (v == 0) {
                    continue;
                }
                int rowB = k * other.cols;
                for (int c = 0; c < other.cols; c++) {
                    out[rowOut + c] += v * other.a[rowB + c];
                }
            }
        }
        return new Matrix(rows, other.cols, out);
    }

    /** thisᵀ · other, without forming the transpose. */
    public Matrix transposeTimes(Matrix other) {
        if (rows != other.rows) {
            throw new IllegalArgumentException("cannot multiply (" + rows + "x" + cols + ")ᵀ by " + other.rows + "x" + other.cols);
        }
        double[] out = new double[cols * other.cols];
        for (int k = 0; k < rows; k++) {
            for (int r = 0; r < cols; r++) {
                double v = a[k * cols + r];
                if (v == 0) {
                    continue;
                }
                int rowOut = r * other.cols;
                int rowB = k * other.cols;
                for (int c = 0; c < other.cols; c++) {
                    out[rowOut + c] += v * other.a[rowB + c];
                }
            }
        }
        return new Matrix(cols, other.cols, out);
    }

    public Matrix plus(Matrix other) {
        sameShape(other);
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += other.a[i];
        }
        return new Matrix(rows, cols, out);
    }

    public Matrix minus(Matrix other) {
        sameShape(other);
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= other.a[i];
        }
        return new Matrix(rows, cols, out);
    }

    public Matrix scale(double s) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return new Matrix(rows, cols, out);
    }

    /** The first {@code k} columns. */
    public Matrix leftColumns(int k) {
        Matrix m = zeros(rows, k);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, r * cols, m.a, r * k, k);
        }
        return m;
    }

    public double frobenius() {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    public double maxAbsDifference(Matrix other) {
        sameShape(other);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - other.a[i]));
        }
        return m;
    }

    /**
     * Orthonormal columns whose span contains the column space: the thin Q of a Householder QR
     * (EJML), one column per column of this matrix. With independent columns it is a basis; with
     * dependent ones (a LoRA B after one Adam step is ±lr in every entry, and two of its columns can
     * share their sign pattern) it spans more, which is all {@link Svd#ofLowRank} needs. EJML reports
     * such a column as a "failure" although the reflector it skips is the identity and the factors
     * are exact, so the factors are checked instead of its flag.
     */
    public Matrix orthonormalColumns() {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(rows, cols);
        qr.decompose(toEjml());
        DMatrixRMaj q = qr.getQ(null, true);
        if (MatrixFeatures_DDRM.hasUncountable(q)) {
            throw new IllegalStateException("QR of a " + rows + "x" + cols + " matrix is not finite");
        }
        return fromEjml(q);
    }

    /** A copy in EJML's row-major layout (the same order as ours). */
    DMatrixRMaj toEjml() {
        return new DMatrixRMaj(rows, cols, true, a);
    }

    static Matrix fromEjml(DMatrixRMaj m) {
        return new Matrix(m.numRows, m.numCols, java.util.Arrays.copyOf(m.data, m.numRows * m.numCols));
    }

    private void sameShape(Matrix other) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException(rows + "x" + cols + " and " + other.rows + "x" + other.cols + " differ in shape");
        }
    }
}
