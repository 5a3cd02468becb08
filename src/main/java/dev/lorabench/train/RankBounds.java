package dev.lorabench.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;

/** The ranks a plan may ask for: at most what every targeted layer of its model can hold. */
final class RankBounds {

    private RankBounds() {}

    /** Refuses ranks the targeted layers cannot hold, before any training starts (a usage error). */
    static void check(ExperimentPlan plan, ModelSpec spec) {
        if (plan.ranks().isEmpty()) {
            return;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(spec);
            block.initialize(manager, DataType.FLOAT32, spec.batchShape(1));
            long max = LoraInjector.maxRank(block, plan.loraTargets());
            if (max == 0) {
                throw new IllegalArgumentException(
                        "targets " + plan.targets() + " select no layer of the " + spec.architecture().id() + " model");
            }
            for (int r : plan.ranks()) {
                if (r > max) {
                    throw new IllegalArgumentException(
                            "rank must be in 1.." + max + " for the " + spec.architecture().id()
                                    + " model's targeted layers but was " + r);
                }
            }
        }
    }
}
