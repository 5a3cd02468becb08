package dev.lorabench.cli;

import dev.lorabench.plan.LoraVariant;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.io.PrintWriter;

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
    }

    private static String describe(Evaluation e) {
        return e.isRegression()
                ? String.format("test MSE %.5f", e.mse())
                : String.format("accuracy %.4f, %d test errors", e.accuracy(), e.totalErrors());
    }
}
