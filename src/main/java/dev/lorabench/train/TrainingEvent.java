package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import java.util.List;

/**
 * What a run reports while it works. Plain values only: listeners on other threads (the GUI) can
 * keep them without touching the engine.
 */
public sealed interface TrainingEvent {

    /** The run began; {@code totalSteps} counts every optimizer step it will take. */
    record RunStarted(ExperimentPlan plan, List<String> variants, long totalSteps) implements TrainingEvent {}

    /** A new phase, e.g. "training base" or "fine-tuning lora-r2"; variant may be "base". */
    record PhaseStarted(String phase, String variant) implements TrainingEvent {}

    /**
     * Something went wrong that the run works around, in one line for a person: e.g. a cached base
     * that fails its check and is trained again (ADR 0025).
     */
    record Warning(String message) implements TrainingEvent {}

    /**
     * One optimizer step of a variant ("base" for the base model); {@code seed} is the seed index
     * of the fine-tune (0: the run's own seed, 1… the extra seeds of a run over several seeds). A
     * base from the cache replays its recorded steps, after the phase "base from cache".
     */
    record StepLoss(String variant, int step, int epoch, double loss, int seed) implements TrainingEvent {

        /** A step of the run's own seed. */
        public StepLoss(String variant, int step, int epoch, double loss) {
            this(variant, step, epoch, loss, 0);
        }
    }

    /** Overall progress, sent with step losses; eta is NaN until it can be estimated. */
    record Progress(long doneSteps, long totalSteps, double etaSeconds) implements TrainingEvent {}

    /**
     * The base is ready, with its digest. Its parameters are in the result's {@link
     * RunArtifacts#baseParameters()}, the one copy a run keeps.
     */
    record BaseReady(String sha256) implements TrainingEvent {}

    /**
     * A variant's loss became NaN or infinite at {@code step}; it stops, the others go on. {@code
     * seed} is the fine-tune's seed index, as in {@link StepLoss}.
     */
    record VariantDiverged(String variant, int step, double loss, int seed) implements TrainingEvent {

        /** A divergence under the run's own seed. */
        public VariantDiverged(String variant, int step, double loss) {
            this(variant, step, loss, 0);
        }
    }

    /**
     * The loss on the validation set after an epoch (image folders, which have one); {@code seed}
     * is the fine-tune's seed index, as in {@link StepLoss}.
     */
    record ValidationLoss(String variant, int step, int epoch, double loss, int seed) implements TrainingEvent {

        /** A validation loss under the run's own seed. */
        public ValidationLoss(String variant, int step, int epoch, double loss) {
            this(variant, step, epoch, loss, 0);
        }
    }

    /** An epoch's mean training loss; {@code seed} is the fine-tune's seed index, as in {@link StepLoss}. */
    record EpochEnded(String variant, int epoch, double meanLoss, int seed) implements TrainingEvent {

        /** An epoch under the run's own seed. */
        public EpochEnded(String variant, int epoch, double meanLoss) {
            this(variant, epoch, meanLoss, 0);
        }
    }

    /** A test-set evaluation of a variant (or "base"). */
    record Evaluated(String variant, Evaluation evaluation) implements TrainingEvent {}

    record VariantFinished(VariantResult result) implements TrainingEvent {}

    /**
     * The run ended with a result. This and {@link RunFailed} / {@link RunCancelled} are
     * notifications for views and logs; the run's outcome itself is its handle's future.
     */
    record RunFinished(RunResult result) implements TrainingEvent {}

    /**
     * The run stopped on an error; {@code message} is one line for a person, {@code cause} says
     * whose it is: a bad option ({@code USAGE}), bad or missing data ({@code DATA}), or neither.
     */
    record RunFailed(String message, FailureKind cause) implements TrainingEvent {}

    /** Why a run failed: the kind of its {@link RunFailure}, for views that show the event. */
    enum FailureKind { USAGE, DATA, INTERNAL }

    record RunCancelled() implements TrainingEvent {}

    /** Whether this event ends the run. */
    default boolean isTerminal() {
        return this instanceof RunFinished || this instanceof RunFailed || this instanceof RunCancelled;
    }
}
