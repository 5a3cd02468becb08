package dev.lorabench.train;

import dev.lorabench.plan.LoraVariant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What removing directions of a LoRA variant's ΔW does on the test set: which classes they move.
 *
 * @param removed layer path → the removed directions (0-based, σ descending)
 * @param removedSigma layer path → their singular values, in the same order (0 for a direction
 *     with σ = 0, which removes nothing)
 * @param own the variant re-evaluated with its trained adapter, on the same path as {@code without}
 * @param without the variant with those directions taken out of its adapter
 */
public record DirectionEffect(LoraVariant variant, Map<String, List<Integer>> removed,
        Map<String, List<Double>> removedSigma, Evaluation own, Evaluation without) {

    public DirectionEffect {
        removed = copy(removed);
        removedSigma = copy(removedSigma);
    }

    private static <T> Map<String, List<T>> copy(Map<String, List<T>> map) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        map.forEach((layer, list) -> out.put(layer, List.copyOf(list)));
        return Collections.unmodifiableMap(out);
    }

    /** Per class: test errors without the directions minus the variant's own (positive: the directions helped). */
    public List<Integer> deltaErrors() {
        List<Integer> delta = new ArrayList<>();
        for (int c = 0; c < own.classErrors().size(); c++) {
            delta.add(without.classErrors().get(c) - own.classErrors().get(c));
        }
        return delta;
    }
}
