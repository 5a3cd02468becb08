package dev.lorabench.app.run;

import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.util.List;

/** Builds {@link SummaryRow}s from results. */
public final class SummaryRows {

    private SummaryRows() {}

    /** Every variant of a finished run. */
    public static List<SummaryRow> of(RunResult run) {
        return run.variants().stream()
                .map(v -> row(v, run.base().parameters(), run.targetClasses()))
                .toList();
    }

    /**
     * One variant.
     *
     * @param baseParameters the base's parameter count, or 0 when not known
     * @param targets the classes the fine-tune targeted (empty for regression)
     */
    public static SummaryRow row(VariantResult v, long baseParameters, List<Integer> targets) {
        Evaluation e = v.evaluation();
        int target = e.isRegression() ? 0 : e.errorsOn(targets);
        int other = e.isRegression() ? 0 : e.totalErrors() - target;
        double share = baseParameters > 0 ? (double) v.trainableParameters() / baseParameters : Double.NaN;
        return new SummaryRow(
                v.spec().name(), v.trainableParameters(), share, e.isRegression(),
                e.isRegression() ? e.mse() : e.accuracy(), target, other, v.seconds(), v.baseUnchanged(), v.status());
    }
}
