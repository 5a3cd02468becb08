package dev.lorabench.app.analysis;

import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.SvdPrimer;
import dev.lorabench.analysis.TensorCheck;
import dev.lorabench.analysis.TruncationCurve;
import dev.lorabench.report.CsvText;
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
