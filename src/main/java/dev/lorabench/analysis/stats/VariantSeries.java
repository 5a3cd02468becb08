package dev.lorabench.analysis.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One variant's values of one metric, one per seed, by seed index. NaN marks a seed without a
 * value (a caller that leaves out a diverged seed's evaluation passes NaN there); that seed then
 * drops out of every pair with this variant, and the comparison's N says so.
 */
public record VariantSeries(String variant, List<Double> perSeed) {

    public VariantSeries {
        Objects.requireNonNull(variant, "variant");
        if (variant.isBlank()) {
            throw new IllegalArgumentException("variant name must not be blank");
        }
        // List.copyOf refuses nulls; NaN is the one marker of a missing value.
        perSeed = List.copyOf(perSeed);
    }

    public static VariantSeries of(String variant, double... perSeed) {
        return new VariantSeries(variant, Arrays.stream(perSeed).boxed().toList());
    }

    double[] values() {
        return perSeed.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
