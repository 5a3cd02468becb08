package dev.lorabench.cli;

import dev.lorabench.plan.LoraVariant;
import dev.lorabench.analysis.stats.Comparison;
import dev.lorabench.analysis.stats.Scope;
import dev.lorabench.analysis.stats.SeedSummary;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.SeedRun;
import dev.lorabench.train.TaskPair;
import dev.lorabench.train.VariantResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The table printed at the end of {@code lorabench run}. */
final class RunSummary {

    private RunSummary() {}

    static void print(PrintWriter w, RunResult run) {
        Evaluation base = run.base().evaluation();
        boolean regression = base.isRegression();
        w.printf("base: %,d parameters, %s%s%n", run.base().parameters(), describe(base),
                run.base().fromCache() ? " (from cache)" : "");
        if (!regression) {
            w.printf("fine-tune on classes %s (%d rows)%n", run.targetClasses(), run.finetuneSamples());
        }
        w.printf("%-9s %12s %8s %s %10s %9s %s%n", "variant", "trainable", "share",
                regression ? "  test MSE" : "accuracy  target-err other-err", "", "seconds", "base unchanged");
        for (VariantResult v : run.variants()) {
            Evaluation e = v.evaluation();
            String metrics = regression
                    ? String.format("%10.5f", e.mse())
                    : String.format("%8.4f %11d %9d", e.accuracy(), e.errorsOn(run.targetClasses()),
                            e.totalErrors() - e.errorsOn(run.targetClasses()));
            w.printf("%-9s %,12d %7.3f%% %s %10s %9.1f %s%n", v.spec().name(), v.trainableParameters(),
                    100.0 * v.trainableParameters() / run.base().parameters(), metrics, "", v.seconds(),
                    (v.baseUnchanged() ? "yes" : (v.spec() instanceof LoraVariant ? "NO" : "no (full fine-tune)"))
                            + (v.diverged() ? "  [" + v.status() + "]" : ""));
        }
        if (!run.seedRuns().isEmpty()) {
            printSeeds(w, run, regression);
            printComparisons(w, run);
        }
        if (run.taskPair().present()) {
            printTaskPair(w, run.taskPair());
        }
    }

    /** Test errors of A, B and A + B combined, on each task's classes and on the rest (ADR 0029). */
    private static void printTaskPair(PrintWriter w, TaskPair pair) {
        w.printf("task pair: A on classes %s, B on %s (%d rows), combined with weights 1,1 (run.json taskPair):%n",
                pair.mainClasses(), pair.companionClasses(), pair.companionSamples());
        w.printf("%-9s %-7s %5s %9s %10s %10s %8s%n", "variant", "adapter", "rank", "accuracy",
                "err " + join(pair.mainClasses()), "err " + join(pair.companionClasses()), "err rest");
        for (TaskPair.VariantPair v : pair.variants()) {
            for (TaskPair.Member m : v.members()) {
                Evaluation e = m.evaluation();
                if (e == null) {
                    w.printf("%-9s %-7s refused: %s%n", v.variant().name(), m.name(), m.refused());
                } else {
                    w.printf("%-9s %-7s %5d %9.4f %10d %10d %8d%n", v.variant().name(), m.name(), m.rank(),
                            e.accuracy(), pair.mainErrors(e), pair.companionErrors(e), pair.restErrors(e));
                }
            }
        }
    }

    private static String join(List<Integer> classes) {
        return String.join(",", classes.stream().map(String::valueOf).toList());
    }

    /**
     * The pairwise findings a person asks for first: every pair overall and on the target
     * classes, and how many pairs differ significantly elsewhere (all of them in run.json).
     */
    private static void printComparisons(PrintWriter w, RunResult run) {
        List<Comparison> all = run.comparisons();
        if (all.isEmpty()) {
            return;
        }
        long significant = all.stream().filter(Comparison::significant).count();
        w.printf("comparisons (%s, Holm-corrected per scope; %d of %d significant at α = %s; all in run.json):%n",
                all.get(0).test().label(), significant, all.size(), all.get(0).alpha());
        int elsewhere = 0;
        for (Comparison c : all) {
            if (!(c.scope() instanceof Scope.OfClass k) || run.targetClasses().contains(k.index())) {
                w.println("  " + c.sentence());
            } else if (c.significant()) {
                elsewhere++;
            }
        }
        if (elsewhere > 0) {
            w.printf("  and %d significant differences on the other classes (run.json's comparisons; the Comparisons tab)%n",
                    elsewhere);
        }
    }

    /**
     * Mean ± standard deviation over the seeds that finished, per variant ({@link SeedSummary});
     * diverged seeds are counted, not averaged (as in run.json's seedSummary).
     */
    private static void printSeeds(PrintWriter w, RunResult run, boolean regression) {
        int n = run.plan().finetune().seeds();
        w.printf("over %d seeds (%d to %d), mean ± sd:%n", n, run.plan().seed(), run.plan().seed() + n - 1);
        w.printf("%-9s %s %9s%n", "variant", regression ? "        test MSE" : "        accuracy       target-err", "diverged");
        for (VariantResult v : run.variants()) {
            String name = v.spec().name();
            List<Evaluation> finished = run.seedRuns().stream()
                    .filter(r -> r.variant().equals(name) && r.divergedAtStep() == 0).map(SeedRun::evaluation).toList();
            int diverged = n - finished.size();
            String metrics;
            if (finished.isEmpty()) {
                metrics = "-";
            } else if (regression) {
                SeedSummary mse = summary(finished, Evaluation::mse);
                metrics = String.format("%.5f ± %.5f", mse.mean(), mse.sd());
            } else {
                SeedSummary accuracy = summary(finished, Evaluation::accuracy);
                SeedSummary target = summary(finished, e -> e.errorsOn(run.targetClasses()));
                metrics = String.format("%.4f ± %.4f %8.1f ± %.1f", accuracy.mean(), accuracy.sd(), target.mean(), target.sd());
            }
            w.printf("%-9s %s %9d%n", name, metrics, diverged);
        }
    }

    private static SeedSummary summary(List<Evaluation> evaluations, ToDoubleFunction<Evaluation> measure) {
        return SeedSummary.of(evaluations.stream().mapToDouble(measure).toArray());
    }

    private static String describe(Evaluation e) {
        return e.isRegression()
                ? String.format("test MSE %.5f", e.mse())
                : String.format("accuracy %.4f, %d test errors", e.accuracy(), e.totalErrors());
    }
}
