package dev.lorabench.app;

import dev.lorabench.app.form.DatasetChoice;
import dev.lorabench.app.run.RunMonitor;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.train.RunFailure;
import dev.lorabench.train.RunResult;
import java.util.List;
import java.util.Locale;

/** The status bar's and dialogs' words for a run: what it is, how far it got, why it failed. */
final class StatusLines {

    private StatusLines() {}

    static String fetchingThenRunning(DatasetChoice choice) {
        return "Fetching " + choice + "; the run starts when it is in the cache…";
    }

    static String failureTitle(RunFailure failure) {
        if (failure instanceof RunFailure.Usage) {
            return "Run refused: bad option";
        }
        return failure instanceof RunFailure.Data ? "Run failed: bad or missing data" : "Run failed";
    }

    static String describe(ExperimentPlan plan) {
        return (plan.preset().equals("custom") ? plan.model().id() : plan.preset()) + " on " + plan.dataset();
    }

    static String formatEta(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0 || Double.isInfinite(seconds)) {
            return "";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "ETA %d:%02d", s / 60, s % 60);
    }

    /**
     * "Finished mlp-mnist on MNIST in 12.3 s — 5 variants", then ", base from cache" when the base
     * was reused (ADR 0025) and " — warning: …" with the run's last warning, if any.
     */
    static String finished(RunResult result, RunMonitor m) {
        List<String> warnings = m == null ? List.of() : m.warnings();
        return String.format(Locale.ROOT, "Finished %s in %.1f s — %d variants%s%s",
                describe(result.plan()), result.seconds(), result.variants().size(),
                result.base().fromCache() ? ", base from cache" : "",
                warnings.isEmpty() ? "" : " — warning: " + warnings.get(warnings.size() - 1));
    }

    static String progressLine(RunMonitor m) {
        String line = m.phase();
        if (m.totalSteps() > 0) {
            line += String.format(Locale.ROOT, " — step %,d of %,d", m.doneSteps(), m.totalSteps());
        }
        String e = formatEta(m.etaSeconds());
        return e.isEmpty() ? line : line + " — " + e;
    }
}
