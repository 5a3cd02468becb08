package dev.lorabench.train;

import dev.lorabench.model.ModelSpec;
import dev.lorabench.plan.Adapters;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.PlanField;
import java.util.List;
import java.util.Map;

/**
 * The ranks a plan may ask for: a variant's rank at most what the largest targeted layer holds
 * (smaller layers are capped at theirs), a rank pattern's at most what its own layer holds.
 */
final class RankBounds {

    private RankBounds() {}

    /**
     * Refuses ranks the targeted layers cannot hold, methods the LoRA layers do not offer, and
     * per-layer patterns naming a layer the targets do not select, before any training starts (a
     * usage error naming its field).
     */
    static void check(ExperimentPlan plan, ModelSpec spec) {
        Adapters adapters = plan.adapters();
        List<LoraVariant> lora = adapters.loraVariants();
        if (lora.isEmpty()) {
            return;
        }
        lora.forEach(LayerRanks::config);
        Map<String, Long> bounds = LayerRanks.maxRanks(spec, adapters.targets());
        if (bounds.isEmpty()) {
            throw new PlanException(PlanField.TARGETS, "targets " + adapters.targets().id()
                    + " select no layer of the " + spec.architecture().id() + " model");
        }
        known(PlanField.RANK_PATTERN, adapters.rankPattern(), bounds, adapters, spec);
        known(PlanField.ALPHA_PATTERN, adapters.alphaPattern(), bounds, adapters, spec);
        adapters.rankPattern().forEach((path, r) -> {
            if (r > bounds.get(path)) {
                throw new PlanException(PlanField.RANK_PATTERN, "rank pattern's rank of layer " + path
                        + " must be in 1.." + bounds.get(path) + " but was " + r);
            }
        });
        // A variant's rank must fit the largest layer the rank pattern leaves to it; the layers
        // that hold less take their own bound (LayerRanks.configFor).
        long max = bounds.entrySet().stream().filter(e -> !adapters.rankPattern().containsKey(e.getKey()))
                .mapToLong(Map.Entry::getValue).max().orElse(Long.MAX_VALUE);
        for (LoraVariant v : lora) {
            if (v.rank() > max) {
                throw PlanField.rankAbove(max, spec.architecture(), v.rank());
            }
        }
    }

    private static void known(PlanField field, Map<String, ?> pattern, Map<String, Long> bounds, Adapters adapters,
            ModelSpec spec) {
        for (String path : pattern.keySet()) {
            if (!bounds.containsKey(path)) {
                throw new PlanException(field, field.label() + " names layer " + path + ", which targets "
                        + adapters.targets().id() + " do not select in the " + spec.architecture().id()
                        + " model; its targeted layers are " + String.join(", ", bounds.keySet()));
            }
        }
    }
}
