package dev.lorabench.analysis;

/**
 * A trained adapter of one layer as plain matrices: ΔW = scale · B · A, with A (r × in·kh·kw)
 * and B (out × r); for DoRA also its trained magnitude per output channel, which a re-built
 * model needs to reproduce the trained one (null for every other method).
 */
public record LoraFactors(Matrix a, Matrix b, double scale, float[] magnitude) {

    public LoraFactors {
        magnitude = magnitude == null ? null : magnitude.clone();
    }

    /** Factors without a magnitude vector (every method but DoRA). */
    public LoraFactors(Matrix a, Matrix b, double scale) {
        this(a, b, scale, null);
    }

    @Override
    public float[] magnitude() {
        return magnitude == null ? null : magnitude.clone();
    }

    public Matrix delta() {
        return b.times(a).scale(scale);
    }

    public int rank() {
        return a.rows();
    }
}
