package dev.lorabench.analysis;

/**
 * The LoRA paper's §7.2 measure between two adapters of one layer: φ(A₁, A₂, i, j) =
 * ‖V₁ᵢᵀ V₂ⱼ‖²_F / min(i, j), with V₁ᵢ the top-i right singular vectors of A₁ (r₁ × in) and V₂ⱼ the
 * top-j of A₂ (Hu et al. 2021, Fig. 3 for r = 8 against r = 64, Fig. 4 for two seeds). 1 where one
 * subspace contains the other, 0 where they are orthogonal; two random i- and j-dimensional
 * subspaces of an n-dimensional space give about max(i, j)/n.
 */
public final class SubspaceOverlap {

    private SubspaceOverlap() {}

    /** φ(i, j) for i = 1…rank(A₁), j = 1…rank(A₂), as {@code grid[i-1][j-1]}. */
    public static double[][] grid(Matrix a1, Matrix a2) {
        if (a1.cols() != a2.cols()) {
            throw new IllegalArgumentException("A₁ has " + a1.cols() + " inputs but A₂ has " + a2.cols());
        }
        Matrix v1 = Svd.exact(a1).v();
        Matrix v2 = Svd.exact(a2).v();
        int r1 = Math.min(a1.rows(), v1.cols());
        int r2 = Math.min(a2.rows(), v2.cols());
        Matrix c = v1.leftColumns(r1).transposeTimes(v2.leftColumns(r2));
        // ‖V₁ᵢᵀ V₂ⱼ‖²_F is the sum of c² over the top-left i×j block: a 2-D prefix sum gives every cell.
        double[][] prefix = new double[r1 + 1][r2 + 1];
        double[][] phi = new double[r1][r2];
        for (int i = 1; i <= r1; i++) {
            for (int j = 1; j <= r2; j++) {
                double x = c.get(i - 1, j - 1);
                prefix[i][j] = x * x + prefix[i - 1][j] + prefix[i][j - 1] - prefix[i - 1][j - 1];
                phi[i - 1][j - 1] = prefix[i][j] / Math.min(i, j);
            }
        }
        return phi;
    }

    /**
     * The same grid for two Gaussian random matrices of the given shapes (the paper's control in
     * Fig. 4): what φ looks like when nothing is shared.
     */
    public static double[][] randomControl(int rows1, int rows2, int cols, long seed) {
        return grid(Matrix.gaussian(rows1, cols, seed), Matrix.gaussian(rows2, cols, seed + 1));
    }
}
