package dev.lorabench.analysis;

/**
 * The SVD notebook of seed 002 as numbers: a weight matrix's numerical rank, its singular values
 * and how well its rank-k approximation reconstructs it as k grows.
 *
 * @param sigma the leading singular values (all of them for matrices up to 64 on the short side)
 * @param numericalRank singular values above max(rows, cols)·σ₁·1e-6 among {@code sigma}
 * @param relativeError ‖W − W_k‖_F / ‖W‖_F for k = 1…sigma.length
 * @param parametersAtK storage of the rank-k factors, k·(rows + cols), for k = 1…sigma.length
 */
public record SvdPrimer(int rows, int cols, double[] sigma, int numericalRank, double[] relativeError, long[] parametersAtK) {

    public static final int MAX_VALUES = 64;

    public static SvdPrimer of(Matrix w) {
        double[] sigma = Svd.leadingValues(w, MAX_VALUES);
        double tol = Math.max(w.rows(), w.cols()) * (sigma.length == 0 ? 0 : sigma[0]) * 1e-6;
        int rank = 0;
        for (double s : sigma) {
            if (s > tol) {
                rank++;
            }
        }
        double f = w.frobenius();
        long[] params = new long[sigma.length];
        for (int k = 0; k < sigma.length; k++) {
            params[k] = (long) (k + 1) * (w.rows() + w.cols());
        }
        return new SvdPrimer(w.rows(), w.cols(), sigma, rank, Spectra.truncationErrors(sigma, f * f), params);
    }
}
