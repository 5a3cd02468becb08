package dev.lorabench.analysis;

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: accurate to
 * machine precision and simple, fine for the k×k problems (k ≤ ~100) the SVDs reduce to. For the
 * eigenvalues alone of a large one (a 1000×1000 Gram matrix), {@link #eigenvalues} reduces to
 * tridiagonal form and runs implicit QL: O(n³) with a small constant instead of Jacobi's sweeps.
 */
final class SymmetricEigen {

    /** Eigenvalues, descending. */
    final double[] values;
    /** Eigenvectors as columns, in the order of {@link #values}. */
    final Matrix vectors;

    private SymmetricEigen(double[] values, Matrix vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    static SymmetricEigen of(Matrix s) {
        int n = s.rows();
        double[][] a = new double[n][n];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = (s.get(i, j) + s.get(j, i)) / 2;
            }
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-30 * Math.max(diag, 1e-300)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - sn * akq;
                        a[k][q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - sn * aqk;
                        a[q][k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - sn * vkq;
                        v[k][q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        double[] values = new double[n];
        Matrix vectors = Matrix.zeros(n, n);
        for (int c = 0; c < n; c++) {
            values[c] = a[order[c]][order[c]];
            for (int r = 0; r < n; r++) {
                vectors.set(r, c, v[r][order[c]]);
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /**
     * All eigenvalues of a symmetric matrix, descending: Householder reduction to tridiagonal form,
     * then the implicit QL algorithm with Wilkinson shifts (Numerical Recipes' tred2/tqli without
     * eigenvectors). Only the lower triangle of {@code s} is read.
     */
    static double[] eigenvalues(Matrix s) {
        int n = s.rows();
        if (n == 0) {
            return new double[0];
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = new double[i + 1]; // lower triangle, row by row
            for (int j = 0; j <= i; j++) {
                z[i][j] = s.get(i, j);
            }
        }
        double[] d = new double[n];
        double[] e = new double[n];
        tridiagonalise(z, d, e);
        tql(d, e);
        double[] sorted = d.clone();
        java.util.Arrays.sort(sorted);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = sorted[n - 1 - i];
        }
        return out;
    }

    /** Householder tridiagonalisation of the lower triangle {@code z}: diagonal d, sub-diagonal e[1…]. */
    private static void tridiagonalise(double[][] z, double[] d, double[] e) {
        int n = d.length;
        for (int i = n - 1; i > 0; i--) {
            int l = i - 1;
            double h = 0;
            double[] zi = z[i];
            if (l > 0) {
                double scale = 0;
                for (int k = 0; k < i; k++) {
                    scale += Math.abs(zi[k]);
                }
                if (scale == 0) {
                    e[i] = zi[l];
                } else {
                    for (int k = 0; k < i; k++) {
                        zi[k] /= scale;
                        h += zi[k] * zi[k];
                    }
                    double f = zi[l];
                    double g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
                    e[i] = scale * g;
                    h -= f * g;
                    zi[l] = f - g;
                    f = 0;
                    for (int j = 0; j < i; j++) {
                        double[] zj = z[j];
                        g = 0;
                        for (int k = 0; k <= j; k++) {
                            g += zj[k] * zi[k];
                        }
                        for (int k = j + 1; k < i; k++) {
                            g += z[k][j] * zi[k];
                        }
                        e[j] = g / h;
                        f += e[j] * zi[j];
                    }
                    double hh = f / (h + h);
                    for (int j = 0; j < i; j++) {
                        f = zi[j];
                        g = e[j] - hh * f;
                        e[j] = g;
                        double[] zj = z[j];
                        for (int k = 0; k <= j; k++) {
                            zj[k] -= f * e[k] + g * zi[k];
                        }
                    }
                }
            } else {
                e[i] = zi[l];
            }
            d[i] = h;
        }
        e[0] = 0;
        for (int i = 0; i < n; i++) {
            d[i] = z[i][i];
        }
    }

    /** Eigenvalues of the tridiagonal matrix (d, e[1…]) into d, by implicit QL. */
    private static void tql(double[] d, double[] e) {
        int n = d.length;
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0;
        double eps = Math.ulp(1.0);
        // An off-diagonal element negligible against the whole matrix also splits it: with only
        // the local test, a block of (numerically) zero eigenvalues, as a low-rank ΔW's Gram
        // matrix has, never converged.
        double norm = 0;
        for (int i = 0; i < n; i++) {
            norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]));
        }
        double floor = eps * norm;
        for (int l = 0; l < n; l++) {
            int iter = 0;
            int m;
            do {
                for (m = l; m < n - 1; m++) {
                    double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    if (Math.abs(e[m]) <= Math.max(eps * dd, floor)) {
                        break;
                    }
                }
                if (m != l) {
                    if (iter++ == 60) {
                        throw new ArithmeticException("tridiagonal QL did not converge");
                    }
                    double g = (d[l + 1] - d[l]) / (2 * e[l]);
                    double r = Math.hypot(g, 1);
                    g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
                    double s = 1;
                    double c = 1;
                    double p = 0;
                    int i;
                    for (i = m - 1; i >= l; i--) {
                        double f = s * e[i];
                        double b = c * e[i];
                        r = Math.hypot(f, g);
                        e[i + 1] = r;
                        if (r == 0) {
                            d[i + 1] -= p;
                            e[m] = 0;
                            break;
                        }
                        s = f / r;
                        c = g / r;
                        g = d[i + 1] - p;
                        r = (d[i] - g) * s + 2 * c * b;
                        p = s * r;
                        d[i + 1] = g + p;
                        g = c * r - b;
                    }
                    if (r == 0 && i >= l) {
                        continue;
                    }
                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0;
                }
            } while (m != l);
        }
    }
}
