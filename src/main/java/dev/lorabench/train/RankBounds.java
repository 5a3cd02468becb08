package dev.lorabench.train;

import dev.lorabench.model.Architecture;
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
public final class RankBounds {

    private RankBounds() {}

    /**
     * Refuses ranks the targeted layers cannot hold, methods the LoRA layers do not offer, and
     * per-layer patterns naming a layer the targets do not select, before any training starts (a
     * usage error naming its field).
     */
    static void check(ExperimentPlan plan, ModelSpec spec) {
        if (plan.adapters().loraVariants().isEmpty()) {
            return;
        }
        check(plan.adapters(), spec.architecture(), LayerRanks.maxRanks(spec, plan.adapters().targets()));
    }

    /**
     * {@link #check(ExperimentPlan, ModelSpec)} against known bounds (each targeted layer's
     * path with the largest rank it holds, {@link LayerRanks#maxRanks}): the form checks with the
     * bounds it cached, the run with its model's.
     */
    public static void check(Adapters adapters, Architecture model, Map<String, Long> bounds) {
        List<LoraVariant> lora = adapters.loraVariants();
        if (lora.isEmpty()) {
            return;
        }
        lora.forEach(LayerRanks::config);
        if (bounds.isEmpty()) {
            throw new PlanException(PlanField.TARGETS, "targets " + adapters.targets().id()
                    + " select no layer of the " + model.id() + " model");
        }
        known(PlanField.RANK_PATTERN, adapters.rankPattern(), bounds, adapters, model);
        known(PlanField.ALPHA_PATTERN, adapters.alphaPattern(), bounds, adapters, model);
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
                throw PlanField.rankAbove(max, model, v.rank());
            }
        }
    }

    private static void known(PlanField field, Map<String, ?> pattern, Map<String, Long> bounds, Adapters adapters,
            Architecture model) {
        for (String path : pattern.keySet()) {
            if (!bounds.containsKey(path)) {
                throw new PlanException(field, field.label() + " names layer " + path + ", which targets "
                        + adapters.targets().id() + " do not select in the " + model.id()
                        + " model; its targeted layers are " + String.join(", ", bounds.keySet()));
            }
        }
    }
}
