package dev.lorabench.train;

import dev.lorabench.model.ModelSpec;
import java.util.List;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.PlanField;

/** The ranks a plan may ask for: at most what every targeted layer of its model can hold. */
final class RankBounds {

    private RankBounds() {}

    /**
     * Refuses ranks the targeted layers cannot hold and methods the LoRA layers do not offer,
     * before any training starts (a usage error naming its field).
     */
    static void check(ExperimentPlan plan, ModelSpec spec) {
        List<LoraVariant> lora = plan.adapters().loraVariants();
        if (lora.isEmpty()) {
            return;
        }
        lora.forEach(LayerRanks::config);
        long max = LayerRanks.maxRank(spec, plan.adapters().targets());
        if (max == 0) {
            throw new PlanException(PlanField.TARGETS, "targets " + plan.adapters().targets().id()
                    + " select no layer of the " + spec.architecture().id() + " model");
        }
        for (LoraVariant v : lora) {
            if (v.rank() > max) {
                throw PlanField.rankAbove(max, spec.architecture(), v.rank());
            }
        }
    }
}
