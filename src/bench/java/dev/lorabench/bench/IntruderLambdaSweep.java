package dev.lorabench.bench;

import dev.lorabench.Offline;
import dev.lorabench.analysis.IntruderProfile;
import dev.lorabench.analysis.IntruderReduction;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Presets;
import dev.lorabench.train.BaseCache;
import dev.lorabench.train.DataSource;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunInspector;
import dev.lorabench.train.RunOptions;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.TrainingService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What PEFT's intruder reduction (the Intruders tab's λ slider) does to accuracy: runs a preset with
 * the §7 analysis, then for every LoRA variant removes the share λ of its intruder directions (k, ε
 * as the tab's defaults) and re-evaluates on the test set, printing errors overall, on the
 * fine-tune's target classes and on the others (forgetting) per λ. Outside the product
 * (target/lorabench-bench.jar); the numbers in docs/lora-paper-section7.md come from it.
 *
 * <pre>
 * java -cp target/lorabench-bench.jar dev.lorabench.bench.IntruderLambdaSweep --preset transfer-fashion
 * java -cp target/lorabench-bench.jar dev.lorabench.bench.IntruderLambdaSweep --preset mlp-mnist --k 10 --epsilon 0.5
 * </pre>
 */
public final class IntruderLambdaSweep {

    private static final double[] LAMBDAS = {0, 0.25, 0.5, 0.75, 1};

    private IntruderLambdaSweep() {}

    public static void main(String[] args) throws Exception {
        Offline.enforce();
        String preset = "transfer-fashion";
        int k = 10;
        double epsilon = 0.5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--preset" -> preset = args[i + 1];
                case "--k" -> k = Integer.parseInt(args[i + 1]);
                case "--epsilon" -> epsilon = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --preset NAME, --k K, --epsilon EPS");
            }
        }
        ExperimentPlan plan = Presets.get(preset).setSection7(true).build();
        Path cache = DatasetCache.defaultRoot();
        TrainingService service = new TrainingService(Runnable::run, DataSource.cached(new DatasetCache(cache)),
                BaseCache.under(cache));
        RunResult result = service.start(plan, e -> { }, RunOptions.defaults()).await();
        RunArtifacts artifacts = result.artifacts();
        List<Integer> targets = result.targetClasses();
        System.out.printf(Locale.ROOT, "%s: targets %s, k = %d, epsilon = %.2f; errors on the test set: total / targets / others%n",
                preset, targets, k, epsilon);
        Evaluation base = result.base().evaluation();
        System.out.printf(Locale.ROOT, "%-12s %s%n", "base", errors(base, targets));
        for (LoraVariant variant : artifacts.factors().keySet()) {
            Map<String, IntruderProfile> profiles = result.section7().profilesOf(variant.name());
            Map<String, LoraFactors> factors = artifacts.factors().get(variant);
            if (profiles.size() != factors.size()) {
                System.out.printf(Locale.ROOT, "%-12s no intruder profile for every layer; skipped%n", variant.name());
                continue;
            }
            IntruderReduction reduction = IntruderReduction.prepare(artifacts.baseWeights(), factors, profiles, k, epsilon);
            List<String> cells = new ArrayList<>();
            for (double lambda : LAMBDAS) {
                Evaluation e = RunInspector.evaluateWith(artifacts, variant, reduction.reduced(lambda));
                cells.add(String.format(Locale.ROOT, "λ=%.2f %s", lambda, errors(e, targets)));
            }
            System.out.printf(Locale.ROOT, "%-12s intruders %s (%d)  %s%n", variant.name(), reduction.counts().values(),
                    reduction.total(), String.join("  ", cells));
        }
    }

    private static String errors(Evaluation e, List<Integer> targets) {
        int onTargets = e.errorsOn(targets);
        return String.format(Locale.ROOT, "%d/%d/%d", e.totalErrors(), onTargets, e.totalErrors() - onTargets);
    }
}
