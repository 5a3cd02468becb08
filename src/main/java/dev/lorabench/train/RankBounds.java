package dev.lorabench.train;

import dev.lorabench.model.ModelSpec;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.PlanField;

/** The ranks a plan may ask for: at most what every targeted layer of its model can hold. */
final class RankBounds {

    private RankBounds() {}

    /** Refuses ranks the targeted layers cannot hold, before any training starts (a usage error naming its field). */
    static void check(ExperimentPlan plan, ModelSpec spec) {
        if (plan.adapters().ranks().isEmpty()) {
            return;
        }
        long max = LayerRanks.maxRank(spec, plan.adapters().targets());
        if (max == 0) {
            throw new PlanException(PlanField.TARGETS, "targets " + plan.adapters().targets().id()
                    + " select no layer of the " + spec.architecture().id() + " model");
        }
        for (int r : plan.adapters().ranks()) {
            if (r > max) {
                throw PlanField.rankAbove(max, spec.architecture(), r);
            }
        }
    }
}
