package dev.lorabench.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One adapter of a model as plain factors, layer by layer, for the adapter algebra.
 *
 * @param layers every adapted layer's factors, by layer name (PEFT's module name), in model order
 * @param rank the adapter's rank as PEFT counts it when combining: its {@code r}, or the largest
 *     entry of its {@code rank_pattern} if that is larger; at least every layer's rank
 */
public record AdapterFactors(Map<String, LoraFactors> layers, int rank) {

    public AdapterFactors {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("an adapter needs at least one layer but had none");
        }
        layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
        for (Map.Entry<String, LoraFactors> e : layers.entrySet()) {
            LoraFactors f = e.getValue();
            if (f.b().cols() != f.a().rows()) {
                throw new IllegalArgumentException("layer " + e.getKey() + " has A with " + f.a().rows()
                        + " rows but B with " + f.b().cols() + " columns");
            }
            if (f.rank() > rank) {
                throw new IllegalArgumentException("rank must be at least every layer's rank but was " + rank
                        + " while layer " + e.getKey() + " has rank " + f.rank());
            }
        }
    }

    /** An adapter whose rank is its largest layer rank. */
    public static AdapterFactors of(Map<String, LoraFactors> layers) {
        int rank = layers.values().stream().mapToInt(LoraFactors::rank).max().orElse(0);
        return new AdapterFactors(layers, rank);
    }

    /**
     * Every layer's scale times {@code multiplier}: PEFT's {@code rescale_adapter_scale} (the
     * strength slider), kept instead of undone when its context closes.
     */
    public AdapterFactors rescaled(double multiplier) {
        if (!Double.isFinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be finite but was " + multiplier);
        }
        Map<String, LoraFactors> out = new LinkedHashMap<>();
        layers.forEach((name, f) -> out.put(name, new LoraFactors(f.a(), f.b(), f.scale() * multiplier)));
        return new AdapterFactors(out, rank);
    }

    /**
     * This adapter with every layer whose rank exceeds its smaller side (cat of two rank-8 adapters
     * on the MLP's 10-output head: rank 16) refactored to at most that side through the exact SVD
     * of its s·B·A: the same ΔW, in a shape a LoRA layer takes.
     */
    public AdapterFactors withinLayerBounds() {
        Map<String, LoraFactors> out = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, LoraFactors> e : layers.entrySet()) {
            LoraFactors f = e.getValue();
            int rows = f.b().rows();
            int cols = f.a().cols();
            if (f.rank() <= Math.min(rows, cols)) {
                out.put(e.getKey(), f);
                continue;
            }
            Svd svd = Svd.ofLowRank(f.b(), f.a(), f.scale());
            int k = Math.max(1, svd.size()); // a zero ΔW keeps one zero direction
            double[] bv = new double[rows * k];
            double[] av = new double[k * cols];
            for (int j = 0; j < svd.size(); j++) {
                for (int r = 0; r < rows; r++) {
                    bv[r * k + j] = svd.u().get(r, j) * svd.sigma()[j];
                }
                for (int c = 0; c < cols; c++) {
                    av[j * cols + c] = svd.v().get(c, j);
                }
            }
            out.put(e.getKey(), new LoraFactors(Matrix.of(k, cols, av), Matrix.of(rows, k, bv), 1));
            changed = true;
        }
        return changed ? AdapterFactors.of(out) : this;
    }
}
