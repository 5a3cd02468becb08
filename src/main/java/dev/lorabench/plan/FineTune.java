package dev.lorabench.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How each variant is fine-tuned.
 *
 * @param epochs epochs over the fine-tune rows, at least 1
 * @param steps stop after this many steps (0: run all epochs)
 * @param classes the target classes
 * @param replay share of the other classes' rows mixed in, 0..1
 * @param earlyStopping stop after this many epochs without a better validation loss (0: never)
 * @param seeds how many seeds each variant is fine-tuned with, 1..{@link #MAX_SEEDS}: the plan's
 *     seed, then seed + 1, … (each seeds the adapter initialisation and the batch order)
 * @param companion the classes of a second task: each plain LoRA variant is also fine-tuned on
 *     them from the same base, and the two adapters combined (ADR 0029); never overlapping
 *     {@code classes}
 */
public record FineTune(int epochs, int steps, ClassSelection classes, double replay, int earlyStopping, int seeds,
        Optional<ClassSelection> companion) {

    /**
     * The most seeds a plan may ask for: every extra seed is one more fine-tune of every variant,
     * and 20 already gives a standard deviation to about ±16 % of itself (1/√(2(n−1))).
     */
    public static final int MAX_SEEDS = 20;

    /** A fine-tune with one seed. */
    public FineTune(int epochs, int steps, ClassSelection classes, double replay, int earlyStopping) {
        this(epochs, steps, classes, replay, earlyStopping, 1);
    }

    /** A fine-tune without a companion task. */
    public FineTune(int epochs, int steps, ClassSelection classes, double replay, int earlyStopping, int seeds) {
        this(epochs, steps, classes, replay, earlyStopping, seeds, Optional.empty());
    }

    public FineTune {
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(companion, "companion");
        companion.ifPresent(c -> checkCompanion(classes, c));
        PlanField.FINETUNE_EPOCHS.checkAtLeast(epochs);
        PlanField.FINETUNE_STEPS.checkAtLeast(steps);
        PlanField.EARLY_STOPPING.checkAtLeast(earlyStopping);
        if (seeds < 1 || seeds > MAX_SEEDS) {
            throw new PlanException(PlanField.SEEDS, "seeds must be in 1.." + MAX_SEEDS + " but was " + seeds);
        }
        if (!(replay >= 0 && replay <= 1)) {
            throw new PlanException(PlanField.REPLAY, "replay must be in [0, 1] but was " + replay);
        }
    }

    /** The companion task is chosen classes that the fine-tune's chosen classes do not hold. */
    private static void checkCompanion(ClassSelection classes, ClassSelection companion) {
        if (companion.worst()) {
            throw new PlanException(PlanField.COMPANION_CLASSES,
                    "companion classes must be numbers like 1,7 but was worst");
        }
        List<Integer> shared = new ArrayList<>(companion.classes());
        shared.retainAll(classes.classes());
        if (!shared.isEmpty()) {
            throw new PlanException(PlanField.COMPANION_CLASSES, "companion classes must not overlap the fine-tune classes "
                    + classes + " but was " + companion + " (both hold " + ClassSelection.of(shared) + ")");
        }
    }
}
