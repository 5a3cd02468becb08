package dev.lorabench.train;

import dev.lorabench.analysis.AdapterAlgebra;
import dev.lorabench.analysis.AdapterCombination;
import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.CombinationType;
import dev.lorabench.plan.LoraVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The task pair's evaluations (ADR 0029): per plain LoRA variant, A (the run's own fine-tune), B
 * (the companion's) and A + B combined as PEFT's {@code add_weighted_adapter} would with weights
 * 1 and 1 — linear, cat, svd at the variant's rank, ties at density 0.5 — each combination
 * evaluated on the run's base and test set by {@link RunInspector#evaluateAdapter}.
 */
final class TaskPairs {

    /** The members' names, in the order a pair lists them. */
    static final List<String> MEMBERS = List.of("A", "B", "linear", "cat", "svd", "ties");

    /** TIES keeps the larger half of each task vector's entries (PEFT's usual example density). */
    static final double TIES_DENSITY = 0.5;

    private TaskPairs() {}

    /** The combinations of a pair of rank-{@code r} adapters. */
    static List<AdapterCombination> combinations(int rank) {
        List<IntFunction<AdapterCombination>> all = List.of(
                r -> AdapterCombination.builder(CombinationType.LINEAR).setWeights(1, 1).build(),
                r -> AdapterCombination.builder(CombinationType.CAT).setWeights(1, 1).build(),
                r -> AdapterCombination.builder(CombinationType.SVD).setWeights(1, 1).optSvdRank(r).build(),
                r -> AdapterCombination.builder(CombinationType.TIES).setWeights(1, 1).optDensity(TIES_DENSITY).build());
        return all.stream().map(f -> f.apply(rank)).toList();
    }

    /**
     * The task pair of a finished run: every variant whose own and companion fine-tunes both
     * finished ({@code run.factors()} and {@code companion.factors()} both hold it).
     */
    static TaskPair evaluate(RunArtifacts run, List<VariantResult> variants, List<Integer> targets,
            CompanionPass.Outcome companion, RunContext context) {
        if (companion.classes().isEmpty()) {
            return TaskPair.NONE;
        }
        context.emit(new TrainingEvent.PhaseStarted("combining each task pair's adapters", "analysis"));
        List<TaskPair.VariantPair> pairs = new ArrayList<>();
        for (VariantResult result : variants) {
            if (!(result.spec() instanceof LoraVariant v) || !run.factors().containsKey(v)
                    || !companion.factors().containsKey(v)) {
                continue;
            }
            AdapterFactors a = RunInspector.adapterOf(run, v);
            AdapterFactors b = RunInspector.companionOf(run, v);
            List<TaskPair.Member> members = new ArrayList<>();
            members.add(TaskPair.Member.evaluated("A", a.rank(), result.evaluation()));
            members.add(TaskPair.Member.evaluated("B", b.rank(), companion.evaluations().get(v)));
            for (AdapterCombination how : combinations(v.rank())) {
                context.checkCancelled();
                members.add(combined(run, a, b, how));
            }
            pairs.add(new TaskPair.VariantPair(v, members));
        }
        return new TaskPair(targets, companion.classes(), companion.samples(), pairs);
    }

    private static TaskPair.Member combined(RunArtifacts run, AdapterFactors a, AdapterFactors b, AdapterCombination how) {
        String name = how.type().peftName();
        AdapterFactors sum;
        try {
            sum = AdapterAlgebra.combine(List.of(a, b), how).adapter();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // svd at a rank above a small layer's side, or an SVD that did not converge: the pair's
            // other rows still stand, and the reason is recorded.
            return TaskPair.Member.refused(name, e.getMessage());
        }
        try {
            return TaskPair.Member.evaluated(name, sum.rank(), RunInspector.evaluateAdapter(run, sum));
        } catch (IllegalArgumentException e) {
            return TaskPair.Member.refused(name, e.getMessage()); // a shape the run's layers do not take
        }
    }
}
