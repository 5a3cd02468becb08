package dev.lorabench.train;

import ai.djl.ndarray.NDManager;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The companion task (ADR 0029): after the run's own fine-tunes, every plain LoRA variant (LoRA,
 * rsLoRA, LoRA+: the methods whose update adds to the untouched base, so that two of them can be
 * added) is fine-tuned again from the same base bytes with the same settings and seed, on the
 * companion classes' rows: exactly the fine-tune of a run whose fine-tune classes are those.
 * One more pass ({@link ExtraPass}); the models are tested and closed after it.
 */
final class CompanionPass {

    /**
     * What the companion fine-tunes left.
     *
     * @param classes the companion classes
     * @param samples the rows each variant was fine-tuned on
     * @param factors each variant's trained factors by layer path, for the variants that did not diverge
     * @param evaluations each such variant's test evaluation
     */
    record Outcome(List<Integer> classes, int samples, Map<LoraVariant, Map<String, LoraFactors>> factors,
            Map<LoraVariant, Evaluation> evaluations) {

        static final Outcome NONE = new Outcome(List.of(), 0, Map.of(), Map.of());
    }

    private CompanionPass() {}

    /** The variants a companion task fine-tunes: the plan's LoRA variants whose update adds to the frozen base. */
    static List<LoraVariant> variants(ExperimentPlan plan) {
        List<LoraVariant> plain = new ArrayList<>();
        for (Variant v : plan.variants()) {
            if (v instanceof LoraVariant l && l.method().addsToFrozenBase()) {
                plain.add(l);
            }
        }
        return plain;
    }

    /**
     * The companion classes' fine-tune rows (their replay share included, as for the run's own),
     * or null without a companion task; call while the engine holds the training rows.
     *
     * @throws IllegalArgumentException when the base's worst class, the run's target, is a companion class
     */
    static Samples rows(ExperimentPlan plan, TaskData data, List<Integer> targets, TensorSet train) {
        ClassSelection companion = plan.finetune().companion().orElse(null);
        if (companion == null || data.isRegression()) {
            return null;
        }
        List<Integer> shared = new ArrayList<>(companion.classes());
        shared.retainAll(targets);
        if (!shared.isEmpty()) {
            // The plan refuses chosen classes that overlap; the worst class is only known now.
            throw new IllegalArgumentException("companion classes must not overlap the fine-tune classes but was "
                    + companion + " while the base's worst class, the fine-tune's, is " + shared.get(0));
        }
        return TaskDataLoader.finetuneSamples(plan, data, companion.classes(), train);
    }

    /** The steps of every companion fine-tune on {@code rows} (0 without them). */
    static long steps(ExperimentPlan plan, Samples rows) {
        if (rows == null) {
            return 0;
        }
        return variants(plan).size() * ExperimentRunner.finetuneRecipe(plan, false, plan.seed()).steps(rows.count());
    }

    /** The name a variant's companion fine-tune reports its losses under, e.g. {@code lora-r8 on 1,7}. */
    static String laneName(ExperimentPlan plan, Variant variant) {
        return variant.name() + " on " + plan.finetune().companion().map(ClassSelection::toString).orElse("");
    }

    /** Fine-tunes every plain LoRA variant on {@code rows} and tests it on the run's test set. */
    static Outcome run(ExperimentRunner.Tuning t, FitOptions options, ExecutorService laneWorker, Samples rows,
            NDManager manager) throws IOException {
        ExperimentPlan plan = t.plan();
        List<LoraVariant> variants = variants(plan);
        List<Integer> classes = plan.finetune().companion().orElseThrow().classes();
        if (variants.isEmpty()) {
            return new Outcome(classes, rows.count(), Map.of(), Map.of());
        }
        Samples validation = TaskDataLoader.finetuneValidation(plan, t.data(), classes);
        Map<LoraVariant, Map<String, LoraFactors>> factors = new LinkedHashMap<>();
        Map<LoraVariant, Evaluation> evaluations = new LinkedHashMap<>();
        try (TensorSet tuneSet = TensorSet.of(manager, rows);
                TensorSet validationSet = validation == null ? null : TensorSet.of(manager, validation)) {
            String what = "companion classes " + ClassSelection.of(classes);
            new ExtraPass(variants, plan.seed(), 0, tuneSet, validationSet, v -> laneName(plan, v), what)
                    .run(t, options, laneWorker, (p, fit) -> {
                        if (fit.divergedAt() == 0) {
                            LoraVariant v = (LoraVariant) p.variant;
                            factors.put(v, LabCollector.factorsOf(p.adapters));
                            evaluations.put(v, new Evaluator(t.context()).evaluate(
                                    p.block, t.test(), false, t.data().classNames().size()));
                        }
                        return null;
                    });
        }
        return new Outcome(classes, rows.count(), factors, evaluations);
    }
}
