package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The extra seeds of a run over several seeds (ADR 0021). Seed index k = 1…N−1 fine-tunes every
 * variant again from the run's base bytes with the seed {@code plan.seed() + k}, which draws the
 * adapters' initialisation and the batch order, exactly as a run with that seed would; then tests
 * it, and nothing more: the certificate, merge check, ΔW lab and truncation curve stay the run's own
 * seed's; only seed 1's LoRA A factors are kept, for the LoRA paper's seed grids (Section7Lab).
 * Under the lockstep schedule each seed is one pass of all variants; under the sequential
 * one, one variant after another. Each pass closes its models before the next, so memory does not
 * grow with N.
 */
final class ExtraSeeds {

    private final ExperimentRunner.Tuning t;
    private final FitOptions options;
    private final ExecutorService laneWorker;

    ExtraSeeds(ExperimentRunner.Tuning t, FitOptions options, ExecutorService laneWorker) {
        this.t = t;
        this.options = options;
        this.laneWorker = laneWorker;
    }

    /** The seed of seed index {@code k}: the plan's seed plus k. */
    static long seed(ExperimentPlan plan, int k) {
        return plan.seed() + k;
    }

    /**
     * Every variant under every seed, by variant (run order) then seed index: seed 0 is {@code own},
     * the run's fine-tunes as they are; seeds 1…N−1 are trained here.
     */
    List<SeedRun> seedRuns(List<VariantResult> own) throws IOException {
        ExperimentPlan plan = t.plan();
        List<SeedRun> runs = new ArrayList<>();
        for (VariantResult v : own) {
            runs.add(new SeedRun(v.spec().name(), 0, plan.seed(), v.losses(), v.evaluation(), v.divergedAtStep()));
        }
        for (int k = 1; k < plan.finetune().seeds(); k++) {
            t.context().checkCancelled();
            runs.addAll(pass(k));
        }
        List<String> order = plan.variants().stream().map(Variant::name).toList();
        runs.sort(Comparator.comparingInt((SeedRun r) -> order.indexOf(r.variant())).thenComparingInt(SeedRun::seedIndex));
        return List.copyOf(runs);
    }

    /** Seed k of every variant: one pass, lockstep or sequential as the plan says ({@link ExtraPass}). */
    private List<SeedRun> pass(int k) throws IOException {
        return new ExtraPass(t.plan().variants(), seed(t.plan(), k), k, t.tuneSet(), t.validationSet(), Variant::name,
                describe(k)).run(t, options, laneWorker, (p, fit) -> tested(p, fit, k));
    }

    /**
     * The fine-tune's test evaluation as a seed run. The per-row predictions and confidences are
     * left out: the misclassified gallery shows the run's own seed, and N seeds of a 10,000-row
     * test set would keep N × 10,000 of each.
     */
    private SeedRun tested(PreparedVariant p, FitResult fit, int k) {
        TaskData data = t.data();
        if (k == 1 && p.adapters != null && fit.divergedAt() == 0) {
            // The §7 seed grids compare the A factors of seeds 0 and 1 (Section7Lab); the rest stay tested only.
            t.context().lab().secondSeed((LoraVariant) p.variant, p.adapters);
        }
        Evaluation e = new Evaluator(t.context()).evaluate(p.block, t.test(), data.isRegression(), data.classNames().size());
        Evaluation kept = new Evaluation(e.samples(), e.accuracy(), e.classErrors(), e.classCounts(), e.confusion(),
                e.mse(), e.predictions(), List.of(), List.of());
        return new SeedRun(p.variant.name(), k, seed(t.plan(), k), fit.losses(), kept, fit.divergedAt());
    }

    private String describe(int k) {
        return "seed " + (k + 1) + " of " + t.plan().finetune().seeds() + " (" + seed(t.plan(), k) + ")";
    }
}
