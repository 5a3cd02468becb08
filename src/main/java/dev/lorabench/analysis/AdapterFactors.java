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
}
