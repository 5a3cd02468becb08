package dev.lorabench.app.run;

import dev.lorabench.report.SeriesPalette;
import dev.lorabench.train.BaseResult;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link SummaryRow}s from results. */
public final class SummaryRows {

    private SummaryRows() {}

    /** The base, then every variant of a finished run. */
    public static List<SummaryRow> of(RunResult run) {
        List<SummaryRow> rows = new ArrayList<>();
        BaseResult b = run.base();
        rows.add(base(b.evaluation(), b.parameters(), run.targetClasses(), b.seconds(), b.trained()));
        run.variants().forEach(v -> rows.add(row(v, b.parameters(), run.targetClasses())));
        return List.copyOf(rows);
    }

    /**
     * The base's row: its test metric and errors (the "before"), all of its parameters trained when
     * it was trained here.
     *
     * @param parameters the base's parameter count, or 0 when not known
     * @param seconds its training and evaluation time, NaN when not known yet
     */
    public static SummaryRow base(Evaluation e, long parameters, List<Integer> targets, double seconds, boolean trained) {
        int target = e.isRegression() ? 0 : e.errorsOn(targets);
        int other = e.isRegression() ? 0 : e.totalErrors() - target;
        return new SummaryRow(SeriesPalette.BASE, parameters, parameters > 0 ? 1.0 : Double.NaN, e.isRegression(),
                e.isRegression() ? e.mse() : e.accuracy(), target, other, seconds, true, trained ? "trained" : "loaded");
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
