package dev.lorabench.analysis;

/** Numbers that describe a spectrum or compare subspaces (LoRA paper §7). */
public final class Spectra {

    private Spectra() {}

    /** The share of ΔW's energy Σσ² that {@link #energyRank90} asks for. */
    public static final double ENERGY_SHARE = 0.9;
    // ΔW is stored as float32: an exact tie (σ = (3, 1): 9/10; forty equal σ: 36/40) must not be
    // decided by rounding, so a share within one part in a million of the target counts as reached.
    private static final double ENERGY_SLACK = 1e-6;

    /**
     * Entropy-based effective rank (Roy &amp; Vetterli): exp(−Σ pᵢ ln pᵢ) with pᵢ = σᵢ/Σσ. A matrix
     * with k equal non-zero singular values has effective rank k. Meaningful only over the whole
     * spectrum: leaving out the tail lowers it (and caps it at the number of values given).
     */
    public static double effectiveRank(double[] sigma) {
        double sum = 0;
        for (double s : sigma) {
            sum += Math.abs(s);
        }
        if (sum == 0) {
            return 0;
        }
        double h = 0;
        for (double s : sigma) {
            double p = Math.abs(s) / sum;
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return Math.exp(h);
    }

    /**
     * The smallest k whose top-k singular values hold at least 90 % of the energy: Σ_{i≤k} σᵢ² ≥
     * 0.9·Σσ² (a share of exactly 0.9 counts). 0 for a zero matrix. {@code sigma} must be the whole
     * spectrum, in descending order.
     */
    public static int energyRank90(double[] sigma) {
        double total = 0;
        for (double s : sigma) {
            total += s * s;
        }
        if (total == 0) {
            return 0;
        }
        double kept = 0;
        for (int k = 0; k < sigma.length; k++) {
            kept += sigma[k] * sigma[k];
            if (kept >= (ENERGY_SHARE - ENERGY_SLACK) * total) {
                return k + 1;
            }
        }
        return sigma.length;
    }

    /**
     * Normalised subspace similarity φ = ‖U_iᵀ U_j‖_F² / min(i, j) between the spans of two sets of
     * orthonormal columns: 1 when one contains the other, 0 when orthogonal.
     */
    public static double subspaceSimilarity(Matrix ui, Matrix uj) {
        int min = Math.min(ui.cols(), uj.cols());
        if (min == 0) {
            return 0;
        }
        double f = ui.transposeTimes(uj).frobenius();
        return f * f / min;
    }

    /**
     * Amplification factor ‖ΔW‖_F / ‖Uᵀ W V‖_F (paper §7.3): how much ΔW amplifies directions W
     * already has, with U, V the top-r singular vectors of ΔW.
     */
    public static double amplification(Matrix delta, Matrix w, Svd deltaSvd) {
        double projected = deltaSvd.u().transposeTimes(w).times(deltaSvd.v()).frobenius();
        return projected == 0 ? Double.POSITIVE_INFINITY : delta.frobenius() / projected;
    }

    /** Relative reconstruction error ‖M − M_k‖_F / ‖M‖_F for k = 1…sigma.length, from σ alone. */
    public static double[] truncationErrors(double[] sigma, double frobeniusSquared) {
        double[] out = new double[sigma.length];
        double kept = 0;
        for (int k = 0; k < sigma.length; k++) {
            kept += sigma[k] * sigma[k];
            out[k] = frobeniusSquared == 0 ? 0 : Math.sqrt(Math.max(0, frobeniusSquared - kept) / frobeniusSquared);
        }
        return out;
    }
}
