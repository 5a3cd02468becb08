package dev.lorabench.plan;

import java.util.Objects;

/**
 * How each variant is fine-tuned.
 *
 * @param epochs epochs over the fine-tune rows, at least 1
 * @param steps stop after this many steps (0: run all epochs)
 * @param classes the target classes
 * @param replay share of the other classes' rows mixed in, 0..1
 * @param earlyStopping stop after this many epochs without a better validation loss (0: never)
 */
public record FineTune(int epochs, int steps, ClassSelection classes, double replay, int earlyStopping) {

    public FineTune {
        Objects.requireNonNull(classes, "classes");
        PlanField.FINETUNE_EPOCHS.checkAtLeast(epochs);
        PlanField.FINETUNE_STEPS.checkAtLeast(steps);
        PlanField.EARLY_STOPPING.checkAtLeast(earlyStopping);
        if (!(replay >= 0 && replay <= 1)) {
            throw new PlanException(PlanField.REPLAY, "replay must be in [0, 1] but was " + replay);
        }
    }
}
