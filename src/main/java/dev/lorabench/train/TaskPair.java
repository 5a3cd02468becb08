package dev.lorabench.train;

import dev.lorabench.plan.LoraVariant;
import java.util.List;
import java.util.Objects;

/**
 * A run's task pair (ADR 0029): each plain LoRA variant fine-tuned on the run's classes (adapter
 * A) and, from the same base, on the companion classes (adapter B), and A + B combined by PEFT's
 * algebra; every one evaluated on the run's test set.
 *
 * @param mainClasses A's classes: the run's target classes
 * @param companionClasses B's classes
 * @param companionSamples how many training rows B was fine-tuned on
 * @param variants one entry per plain LoRA variant whose two fine-tunes both finished, in run order
 */
public record TaskPair(List<Integer> mainClasses, List<Integer> companionClasses, int companionSamples,
        List<VariantPair> variants) {

    /** A run without a companion task. */
    public static final TaskPair NONE = new TaskPair(List.of(), List.of(), 0, List.of());

    public TaskPair {
        mainClasses = List.copyOf(mainClasses);
        companionClasses = List.copyOf(companionClasses);
        variants = List.copyOf(variants);
    }

    /** Whether the run had a companion task. */
    public boolean present() {
        return !companionClasses.isEmpty();
    }

    /** Errors of {@code e} on the main classes. */
    public int mainErrors(Evaluation e) {
        return e.errorsOn(mainClasses);
    }

    /** Errors of {@code e} on the companion classes. */
    public int companionErrors(Evaluation e) {
        return e.errorsOn(companionClasses);
    }

    /** Errors of {@code e} on the classes neither task fine-tuned. */
    public int restErrors(Evaluation e) {
        return e.totalErrors() - mainErrors(e) - companionErrors(e);
    }

    /** One variant's adapters: A, B, then the combinations, in {@link TaskPairs#MEMBERS}' order. */
    public record VariantPair(LoraVariant variant, List<Member> members) {
        public VariantPair {
            Objects.requireNonNull(variant, "variant");
            members = List.copyOf(members);
        }
    }

    /**
     * One adapter of a pair and its test evaluation.
     *
     * @param name {@code A}, {@code B}, or the combination's PEFT type ({@code linear}, {@code cat}, …)
     * @param rank the adapter's rank (cat: the sum of A's and B's)
     * @param evaluation its evaluation on the run's test set; null when the algebra refused the combination
     * @param refused why the algebra refused it (one line), else null
     */
    public record Member(String name, int rank, Evaluation evaluation, String refused) {

        public static Member evaluated(String name, int rank, Evaluation evaluation) {
            return new Member(name, rank, Objects.requireNonNull(evaluation, "evaluation"), null);
        }

        public static Member refused(String name, String why) {
            return new Member(name, 0, null, why);
        }
    }
}
