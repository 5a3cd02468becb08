package dev.lorabench.analysis;

/**
 * A grid of the LoRA paper's φ(A₁, A₂, i, j) ({@link SubspaceOverlap}) with what was compared:
 * {@code phi[i-1][j-1]} for the top-i directions of the row side against the top-j of the column
 * side.
 *
 * @param rows what the rows are (a variant's name, "seed 0", "random")
 * @param cols what the columns are
 */
public record PhiGrid(String rows, String cols, double[][] phi) {

    public PhiGrid {
        phi = copy(phi);
    }

    @Override
    public double[][] phi() {
        return copy(phi);
    }

    /** φ(i, j), 1-based as in the paper. */
    public double at(int i, int j) {
        return phi[i - 1][j - 1];
    }

    public int rowCount() {
        return phi.length;
    }

    public int colCount() {
        return phi.length == 0 ? 0 : phi[0].length;
    }

    private static double[][] copy(double[][] grid) {
        double[][] out = new double[grid.length][];
        for (int i = 0; i < grid.length; i++) {
            out[i] = grid[i].clone();
        }
        return out;
    }
}
