package dev.lorabench.cli;

import dev.lorabench.plan.LoraVariant;
import dev.lorabench.report.SeedSummary;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.SeedRun;
import dev.lorabench.train.VariantResult;
import java.io.PrintWriter;
import java.util.List;

/** The table printed at the end of {@code lorabench run}. */
final class RunSummary {

    private RunSummary() {}

    static void print(PrintWriter w, RunResult run) {
        Evaluation base = run.base().evaluation();
        boolean regression = base.isRegression();
        w.printf("base: %,d parameters, %s%n", run.base().parameters(), describe(base));
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
        }
    }

    /** Mean ± standard deviation over the seeds, per variant ({@link SeedSummary}). */
    private static void printSeeds(PrintWriter w, RunResult run, boolean regression) {
        int n = run.plan().finetune().seeds();
        w.printf("over %d seeds (%d to %d), mean ± sd:%n", n, run.plan().seed(), run.plan().seed() + n - 1);
        w.printf("%-9s %s %9s%n", "variant", regression ? "        test MSE" : "        accuracy       target-err", "diverged");
        for (VariantResult v : run.variants()) {
            String name = v.spec().name();
            List<SeedRun> runs = run.seedRuns().stream().filter(r -> r.variant().equals(name)).toList();
            SeedSummary s = SeedSummary.of(runs, run.targetClasses());
            String metrics = regression
                    ? String.format("%.5f ± %.5f", s.mse().mean(), s.mse().sd())
                    : String.format("%.4f ± %.4f %8.1f ± %.1f", s.accuracy().mean(), s.accuracy().sd(),
                            s.targetErrors().mean(), s.targetErrors().sd());
            w.printf("%-9s %s %9d%n", name, metrics, s.diverged());
        }
    }

    private static String describe(Evaluation e) {
        return e.isRegression()
                ? String.format("test MSE %.5f", e.mse())
                : String.format("accuracy %.4f, %d test errors", e.accuracy(), e.totalErrors());
    }
}
