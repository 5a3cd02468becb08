package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One real run for the adapter algebra's tests, made once per test JVM: the MLP on the MNIST
 * subset, LoRA ranks 2 and 4 and DoRA rank 2, 20 steps at a large learning rate so that each
 * adapter moves the base's predictions.
 */
public final class AlgebraRuns {

    private static RunResult shared;

    private AlgebraRuns() {}

    public static synchronized RunResult shared() throws RunFailure {
        if (shared == null) {
            ExperimentPlan plan = SmallRuns.mlp().setVariants("lora:2,lora:4,dora:2").setTrainLimit(300)
                    .setFinetuneSteps(20).setLr(1e-2f).build();
            // Without the ΔW lab, which the algebra's tests do not look at (its SVDs of W cost ~3.5 s).
            shared = new ExperimentRunner(SmallRuns.MNIST_SMALL).withoutDeltaWLab().run(plan, e -> { }, new AtomicBoolean());
        }
        return shared;
    }
}
