package dev.lorabench.train;

import dev.lorabench.analysis.DirectionRemoval;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Svd;
import dev.lorabench.plan.LoraVariant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which classes a direction of a trained LoRA ΔW moves: the variant evaluated on its test set
 * with σᵢ·uᵢ·vᵢᵀ taken out of an adapted layer's ΔW, against the variant as trained (ADR 0028). The
 * removal is written back into the adapter's factors ({@link DirectionRemoval}), not into a merged
 * weight, so it works for every method the adapter forward knows. Call from a background thread:
 * two forward passes over the test set.
 */
public final class DirectionAblation {

    private DirectionAblation() {}

    /** {@code variant} without direction {@code direction} (0-based) of the ΔW of layer {@code layer}. */
    public static DirectionEffect remove(RunArtifacts run, LoraVariant variant, String layer, int direction) {
        return remove(run, variant, Map.of(layer, List.of(direction)));
    }

    /**
     * {@code variant} without the given directions of each listed layer's ΔW.
     *
     * @throws IllegalArgumentException for a variant or layer the run does not have, or a direction
     *     outside 0…r−1
     */
    public static DirectionEffect remove(RunArtifacts run, LoraVariant variant, Map<String, List<Integer>> directions) {
        Map<String, LoraFactors> trained = run.factors().get(variant);
        if (trained == null) {
            throw new IllegalArgumentException("no LoRA variant " + variant.name() + " in this run; have "
                    + run.adapters().keySet());
        }
        Map<String, LoraFactors> changed = new LinkedHashMap<>();
        Map<String, List<Double>> sigmas = new LinkedHashMap<>();
        directions.forEach((layer, list) -> {
            LoraFactors f = trained.get(layer);
            if (f == null) {
                throw new IllegalArgumentException("layer must be one of " + trained.keySet() + " but was " + layer);
            }
            changed.put(layer, DirectionRemoval.without(f, list));
            double[] sigma = Svd.ofLowRank(f.b(), f.a(), f.scale()).sigma();
            List<Double> removed = new ArrayList<>();
            list.forEach(i -> removed.add(i < sigma.length ? sigma[i] : 0.0));
            sigmas.put(layer, removed);
        });
        Evaluation own = RunInspector.evaluateWith(run, variant, Map.of());
        Evaluation without = RunInspector.evaluateWith(run, variant, changed);
        return new DirectionEffect(variant, directions, sigmas, own, without);
    }
}
