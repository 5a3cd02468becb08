package dev.lorabench.analysis.stats;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Every variant's per-seed values on one scope, variants in display order. Every series has one
 * entry per seed (NaN where a seed has no value), so that index i is the same seed everywhere.
 */
public record ScopeSeries(Scope scope, Metric metric, List<VariantSeries> variants) {

    public ScopeSeries {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(metric, "metric");
        variants = List.copyOf(variants);
        Set<String> names = new HashSet<>();
        for (VariantSeries v : variants) {
            if (!names.add(v.variant())) {
                throw new IllegalArgumentException("variant " + v.variant() + " appears twice in scope "
                        + scope.phrase());
            }
            if (v.perSeed().size() != variants.get(0).perSeed().size()) {
                throw new IllegalArgumentException("every variant needs one value per seed, but "
                        + variants.get(0).variant() + " has " + variants.get(0).perSeed().size() + " and "
                        + v.variant() + " has " + v.perSeed().size() + " (scope " + scope.phrase() + ")");
            }
        }
    }
}
