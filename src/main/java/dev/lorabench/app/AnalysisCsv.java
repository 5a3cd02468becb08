package dev.lorabench.app;

import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.SvdPrimer;
import dev.lorabench.analysis.TensorCheck;
import dev.lorabench.analysis.TruncationCurve;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The analysis tabs' data as CSV text. */
final class AnalysisCsv {

    private AnalysisCsv() {}

    static String integrity(List<IntegrityBadge> badges) {
        StringBuilder b = new StringBuilder("variant,tensor,kind,elements,sha256_before,sha256_after,max_abs_delta,unchanged\n");
        for (IntegrityBadge badge : badges) {
            for (TensorCheck t : badge.tensors()) {
                b.append(badge.variant()).append(',').append(t.name()).append(',').append(t.kind()).append(',')
                        .append(t.elements()).append(',').append(t.sha256Before()).append(',').append(t.sha256After())
                        .append(',').append(num(t.maxAbsDelta())).append(',').append(t.unchanged()).append('\n');
            }
        }
        return b.toString();
    }

    static String spectrum(LayerSpectra s) {
        StringBuilder b = new StringBuilder("layer,series,index,sigma\n");
        row(b, s.path(), "W", s.weightSpectrum());
        for (Map.Entry<String, double[]> e : s.deltaSpectra().entrySet()) {
            row(b, s.path(), "dW " + e.getKey(), e.getValue());
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String layer, String series, double[] values) {
        for (int i = 0; i < values.length; i++) {
            b.append(layer).append(',').append(series).append(',').append(i + 1).append(',').append(num(values[i])).append('\n');
        }
    }

    static String similarity(LayerSpectra s) {
        StringBuilder b = new StringBuilder("variant");
        s.similarityLabels().forEach(l -> b.append(',').append(l));
        b.append('\n');
        for (int i = 0; i < s.similarityLabels().size(); i++) {
            b.append(s.similarityLabels().get(i));
            for (double v : s.similarity()[i]) {
                b.append(',').append(num(v));
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String truncation(TruncationCurve t) {
        StringBuilder b = new StringBuilder("k," + t.metricName().replace(',', ' ') + ",full\n");
        for (int i = 0; i < t.k().size(); i++) {
            b.append(t.k().get(i)).append(',').append(num(t.metric().get(i))).append(',').append(num(t.fullMetric())).append('\n');
        }
        return b.toString();
    }

    static String gain(List<String> classNames, Map<String, List<Integer>> delta, List<GainRow> totals) {
        StringBuilder b = new StringBuilder("variant");
        classNames.forEach(c -> b.append(",delta_").append(c.replace(',', ' ')));
        b.append(",gain,forgetting\n");
        delta.forEach((variant, values) -> {
            b.append(variant);
            values.forEach(v -> b.append(',').append(v));
            GainRow row = totals.stream().filter(r -> r.variant().equals(variant)).findFirst().orElse(null);
            b.append(',').append(row == null ? "" : row.gain()).append(',').append(row == null ? "" : row.forgetting()).append('\n');
        });
        return b.toString();
    }

    static String primer(String layer, SvdPrimer p) {
        StringBuilder b = new StringBuilder("layer,k,sigma,relative_error,parameters_at_k,parameters_full\n");
        for (int i = 0; i < p.sigma().length; i++) {
            b.append(layer).append(',').append(i + 1).append(',').append(num(p.sigma()[i])).append(',')
                    .append(num(p.relativeError()[i])).append(',').append(p.parametersAtK()[i]).append(',')
                    .append((long) p.rows() * p.cols()).append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.8g", v) : "";
    }
}
