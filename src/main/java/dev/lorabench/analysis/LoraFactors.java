package dev.lorabench.analysis;

/**
 * A trained adapter of one layer as plain matrices: ΔW = scale · B · A, with A (r × in·kh·kw)
 * and B (out × r).
 */
public record LoraFactors(Matrix a, Matrix b, double scale) {

    public Matrix delta() {
        return b.times(a).scale(scale);
    }

    public int rank() {
        return a.rows();
    }
}
