package dev.lorabench.analysis;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The SVD route's last step in PEFT's {@code _svd_generalized_task_arithmetic_weighted_adapter}:
 * ΔW ≈ U_k·Σ_k·V_kᵀ, B = U_k·Σ_k and A = V_kᵀ, optionally clamped.
 *
 * <p>Singular vectors are fixed in sign here (each u's entry of largest magnitude positive, the
 * first such on ties), because LAPACK's signs are the implementation's choice: B·A does not
 * depend on them, but the clamp does, since its quantile is taken over signed entries.
 * tools/peft_combine_check.py gives torch's SVD the same convention when it checks a clamp.
 */
final class SvdFactors {

    private SvdFactors() {}

    static LoraFactors of(Matrix delta, int rank, OptionalDouble clamp) {
        // Only the smaller side's vectors are decomposed (Svd.spectrum); B = U_k·Σ_k = ΔW·V_k either way.
        Svd svd;
        try {
            svd = Svd.topK(delta, rank);
        } catch (IllegalStateException notConverged) {
            svd = GramSvd.topK(delta, rank);
        }
        int rows = delta.rows();
        int cols = delta.cols();
        double[] b = new double[rows * rank];
        double[] a = new double[rank * cols];
        for (int j = 0; j < rank; j++) {
            double sign = sign(svd.u(), j);
            for (int r = 0; r < rows; r++) {
                b[r * rank + j] = sign * svd.u().get(r, j) * svd.sigma()[j];
            }
            for (int c = 0; c < cols; c++) {
                a[j * cols + c] = sign * svd.v().get(c, j);
            }
        }
        if (clamp.isPresent()) {
            double hi = quantile(b, a, clamp.getAsDouble());
            clampInPlace(b, -hi, hi);
            clampInPlace(a, -hi, hi);
        }
        return new LoraFactors(Matrix.of(rank, cols, a), Matrix.of(rows, rank, b), 1);
    }

    /** +1 or −1: the sign that makes column j's entry of largest magnitude positive. */
    private static double sign(Matrix u, int j) {
        int best = 0;
        for (int r = 1; r < u.rows(); r++) {
            if (Math.abs(u.get(r, j)) > Math.abs(u.get(best, j))) {
                best = r;
            }
        }
        return u.get(best, j) < 0 ? -1 : 1;
    }

    /**
     * torch.quantile's default (linear) of the entries of both arrays: sorted v, position
     * q·(n−1), interpolated between its neighbours.
     */
    static double quantile(double[] x, double[] y, double q) {
        double[] all = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        Arrays.sort(all);
        double pos = q * (all.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return all[lo] + (all[hi] - all[lo]) * (pos - lo);
    }

    /** torch.clamp(min=lo, max=hi): when lo &gt; hi every entry becomes hi, as in torch. */
    private static void clampInPlace(double[] v, double lo, double hi) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(Math.max(v[i], lo), hi);
        }
    }
}
