package dev.lorabench.app.analysis;

import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.SvdPrimer;
import dev.lorabench.analysis.TensorCheck;
import dev.lorabench.analysis.TruncationCurve;
import dev.lorabench.report.ConfusionGrid;
import dev.lorabench.report.CsvText;
import dev.lorabench.report.ParetoPoint;
import dev.lorabench.report.TrajectoryCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The analysis tabs' data as CSV text (quoted by {@link CsvText}). */
final class AnalysisCsv {

    private AnalysisCsv() {}

    static String integrity(List<IntegrityBadge> badges) {
        CsvText csv = CsvText.withHeader(
                "variant", "tensor", "kind", "elements", "sha256_before", "sha256_after", "max_abs_delta", "unchanged");
        for (IntegrityBadge badge : badges) {
            for (TensorCheck t : badge.tensors()) {
                csv.row(badge.variant(), t.name(), t.kind(), t.elements(), t.sha256Before(), t.sha256After(),
                        num(t.maxAbsDelta()), t.unchanged());
            }
        }
        return csv.toString();
    }

    static String spectrum(LayerSpectra s) {
        CsvText csv = CsvText.withHeader("layer", "series", "index", "sigma");
        row(csv, s.path(), "W", s.weightSpectrum());
        for (Map.Entry<String, double[]> e : s.deltaSpectra().entrySet()) {
            row(csv, s.path(), "dW " + e.getKey(), e.getValue());
        }
        return csv.toString();
    }

    private static void row(CsvText csv, String layer, String series, double[] values) {
        for (int i = 0; i < values.length; i++) {
            csv.row(layer, series, i + 1, num(values[i]));
        }
    }

    static String similarity(LayerSpectra s) {
        List<Object> header = new ArrayList<>(List.of("variant"));
        header.addAll(s.similarityLabels());
        CsvText csv = CsvText.withHeader(header);
        for (int i = 0; i < s.similarityLabels().size(); i++) {
            List<Object> row = new ArrayList<>(List.of(s.similarityLabels().get(i)));
            for (double v : s.similarity()[i]) {
                row.add(num(v));
            }
            csv.row(row);
        }
        return csv.toString();
    }

    static String truncation(TruncationCurve t) {
        CsvText csv = CsvText.withHeader("k", t.metricName(), "full");
        for (int i = 0; i < t.k().size(); i++) {
            csv.row(t.k().get(i), num(t.metric().get(i)), num(t.fullMetric()));
        }
        return csv.toString();
    }

    static String gain(List<String> classNames, Map<String, List<Integer>> delta, List<GainRow> totals) {
        List<Object> header = new ArrayList<>(List.of("variant"));
        classNames.forEach(c -> header.add("delta_" + c));
        header.addAll(List.of("gain", "forgetting"));
        CsvText csv = CsvText.withHeader(header);
        delta.forEach((variant, values) -> {
            List<Object> row = new ArrayList<>(List.of(variant));
            row.addAll(values);
            GainRow totalsRow = totals.stream().filter(r -> r.variant().equals(variant)).findFirst().orElse(null);
            row.add(totalsRow == null ? "" : totalsRow.gain());
            row.add(totalsRow == null ? "" : totalsRow.forgetting());
            csv.row(row);
        });
        return csv.toString();
    }

    static String pareto(List<ParetoPoint> points) {
        CsvText csv = CsvText.withHeader("variant", "trainable_parameters", "seeds", "diverged_seeds", "gain_mean",
                "gain_min", "gain_max", "forgetting_mean", "forgetting_min", "forgetting_max");
        for (ParetoPoint p : points) {
            ParetoPoint.Spread g = p.gain();
            ParetoPoint.Spread f = p.forgetting();
            csv.row(p.name(), p.trainableParameters(), p.seeds(), p.divergedSeeds(),
                    g == null ? "" : num(g.mean()), g == null ? "" : g.min(), g == null ? "" : g.max(),
                    f == null ? "" : num(f.mean()), f == null ? "" : f.min(), f == null ? "" : f.max());
        }
        return csv.toString();
    }

    /** One row per pair and scope: the comparisons over seeds as run.json lists them. */
    static String comparisons(List<dev.lorabench.analysis.stats.Comparison> all) {
        CsvText csv = CsvText.withHeader("a", "b", "scope", "metric", "effect_b_minus_a", "p_holm", "p_raw", "test",
                "n", "family_size", "alpha", "significant", "finding");
        for (dev.lorabench.analysis.stats.Comparison c : all) {
            csv.row(c.a(), c.b(), c.scope().phrase(), c.metric().noun(), c.effect(), c.pValue(), c.rawPValue(),
                    c.test().label(), c.n(), c.familySize(), c.alpha(), c.significant(), c.sentence());
        }
        return csv.toString();
    }

    /** One row per sampled step of every variant, in step order; variants without a trajectory have no rows. */
    static String trajectories(List<TrajectoryCurve> curves) {
        CsvText csv = CsvText.withHeader("variant", "step", "test_samples", "gain", "forgetting");
        for (TrajectoryCurve c : curves) {
            for (TrajectoryCurve.Step s : c.steps()) {
                csv.row(c.name(), s.step(), s.samples(), s.gain(), s.forgetting());
            }
        }
        return csv.toString();
    }

    /** One row per true class, one column per predicted class ("counts", or "delta": variant − base). */
    static String confusion(ConfusionGrid g) {
        List<Object> header = new ArrayList<>(List.of("variant", "cells", "true_class"));
        for (int p = 0; p < g.size(); p++) {
            header.add("predicted_" + g.className(p));
        }
        CsvText csv = CsvText.withHeader(header);
        for (int t = 0; t < g.size(); t++) {
            List<Object> row = new ArrayList<>(List.of(g.variant(), g.delta() ? "delta" : "counts", g.className(t)));
            row.addAll(g.cells().get(t));
            csv.row(row);
        }
        return csv.toString();
    }

    static String primer(String layer, SvdPrimer p) {
        CsvText csv = CsvText.withHeader("layer", "k", "sigma", "relative_error", "parameters_at_k", "parameters_full");
        for (int i = 0; i < p.sigma().length; i++) {
            csv.row(layer, i + 1, num(p.sigma()[i]), num(p.relativeError()[i]), p.parametersAtK()[i],
                    (long) p.rows() * p.cols());
        }
        return csv.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.8g", v) : "";
    }
}
