package dev.lorabench.analysis;

/**
 * The left singular vectors of W + s·B·A, written in W's own singular basis, from W's thin SVD
 * W = U·Σ·Vᵀ (p = min(out, in) triplets) and the low-rank factors, without a dense SVD of the
 * out × in sum. With Q_B an orthonormal basis of the part of s·B outside span(U) and Q_A of the
 * part of Aᵀ outside span(V),
 *
 * <pre>
 *   W + s·B·A = [U Q_B] · K · [V Q_A]ᵀ,   K = [Σ 0; 0 0] + [UᵀsB; Q_BᵀsB]·[A·V, A·Q_A]
 * </pre>
 *
 * exactly, and [U Q_B], [V Q_A] have orthonormal columns, so the SVD of the small K ((p + r_B) ×
 * (p + r_A), r_B, r_A ≤ r) gives that of W + s·B·A: σ is K's, and the tuned left vectors are
 * [U Q_B]·U_K. Their cosines with W's left vectors are the first p rows of U_K, which is all
 * intruder dimensions ask for. For the MLP's 2000×1000 layer K is about 1064×1000 instead of
 * 2000×1000, and no 2000-long vector is formed.
 */
final class LowRankUpdateSvd {

    /** Columns of a residual below this share of the factor's norm are rounding noise, not directions. */
    private static final double NOISE = 1e-10;

    private LowRankUpdateSvd() {}

    /**
     * The intruder profile of W + s·B·A against W, as {@link IntruderProfile#of} computes it from
     * a dense SVD of the sum.
     *
     * @param base W's thin SVD with all p triplets ({@link Svd#exact})
     */
    static IntruderProfile profile(Svd base, LoraFactors f, int kMax, int shown) {
        Matrix u = base.u();
        Matrix v = base.v();
        int p = base.size();
        Matrix sb = f.b().scale(f.scale());
        Matrix bu = u.transposeTimes(sb);                         // p × r
        Matrix qb = outside(u, sb);                               // out × r_B
        Matrix rb = qb.transposeTimes(sb);                        // r_B × r
        Matrix at = f.a().transpose();                            // in × r
        Matrix av = v.transposeTimes(at).transpose();             // r × p: A·V
        Matrix qa = outside(v, at);                               // in × r_A
        Matrix ra = qa.transposeTimes(at).transpose();            // r × r_A: A·Q_A
        int rows = p + qb.cols();
        int cols = p + qa.cols();
        Matrix left = stack(bu, rb);                              // (p + r_B) × r
        Matrix right = side(av, ra);                              // r × (p + r_A)
        Matrix k = left.times(right);
        for (int i = 0; i < p; i++) {
            k.set(i, i, k.get(i, i) + base.sigma()[i]);
        }
        Svd ks = Svd.spectrum(k, Math.min(kMax, Math.min(rows, cols))).leading();
        int examined = Math.min(kMax, ks.size());
        double[] best = new double[examined];
        int shownRows = Math.min(shown, examined);
        int shownCols = Math.min(shown, p);
        double[][] similarity = new double[shownRows][shownCols];
        for (int j = 0; j < examined; j++) {
            for (int i = 0; i < p; i++) {
                double c = Math.abs(ks.u().get(i, j));
                best[j] = Math.max(best[j], c);
                if (j < shownRows && i < shownCols) {
                    similarity[j][i] = c;
                }
            }
        }
        return new IntruderProfile(best, similarity);
    }

    /**
     * An orthonormal basis of the part of {@code m}'s columns outside span({@code basis}): the
     * residual, projected out twice (once more against rounding), then its left singular vectors
     * above the noise level. Empty (n × 0) when {@code basis} already spans them.
     */
    private static Matrix outside(Matrix basis, Matrix m) {
        Matrix residual = m.minus(basis.times(basis.transposeTimes(m)));
        residual = residual.minus(basis.times(basis.transposeTimes(residual)));
        Svd s = Svd.exact(residual);
        double floor = NOISE * Math.max(m.frobenius(), Double.MIN_NORMAL);
        int keep = 0;
        while (keep < s.size() && s.sigma()[keep] > floor) {
            keep++;
        }
        Matrix q = s.u().leftColumns(keep);
        // Rounding leaves q a hair off span(basis)ᵀ; one more pass and a QR keep [basis q] orthonormal.
        return keep == 0 ? q : q.minus(basis.times(basis.transposeTimes(q))).orthonormalColumns();
    }

    /** {@code top} above {@code bottom}. */
    private static Matrix stack(Matrix top, Matrix bottom) {
        Matrix out = Matrix.zeros(top.rows() + bottom.rows(), top.cols());
        for (int r = 0; r < top.rows(); r++) {
            for (int c = 0; c < top.cols(); c++) {
                out.set(r, c, top.get(r, c));
            }
        }
        for (int r = 0; r < bottom.rows(); r++) {
            for (int c = 0; c < bottom.cols(); c++) {
                out.set(top.rows() + r, c, bottom.get(r, c));
            }
        }
        return out;
    }

    /** {@code left} beside {@code right}. */
    private static Matrix side(Matrix left, Matrix right) {
        return stack(left.transpose(), right.transpose()).transpose();
    }
}
