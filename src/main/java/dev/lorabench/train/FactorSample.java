package dev.lorabench.train;

import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import java.util.Map;

/**
 * A LoRA adapter's factors at one step, as float copies of A and B per layer: r·(in + out) floats a
 * layer, never the dense ΔW.
 */
record FactorSample(int step, Map<String, Layer> layers) {

    /** One layer's A (r × in·kh·kw) and B (out × r), row-major, and the adapter's scale. */
    record Layer(float[] a, int rank, float[] b, double scale) {

        LoraFactors factors() {
            return new LoraFactors(Matrix.ofFloats(rank, a.length / rank, a), Matrix.ofFloats(b.length / rank, rank, b),
                    scale);
        }
    }

    /** The floats this sample holds, over every layer (what the sampler's memory bound counts). */
    long floats() {
        return layers.values().stream().mapToLong(l -> (long) l.a().length + l.b().length).sum();
    }
}
