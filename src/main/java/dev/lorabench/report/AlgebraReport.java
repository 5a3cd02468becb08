package dev.lorabench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The adapter algebra's class-error bars (base, each included source, the combination) as a chart
 * and as CSV, for the Adapter algebra tab's view and exports.
 */
public final class AlgebraReport {

    private AlgebraReport() {}

    /**
     * Grouped bars per class: every series' test errors, or with {@code delta} every series' errors
     * minus the base's (the base itself then left out, as the other tabs' "Δ vs base" does).
     *
     * @param errors series → errors per class; the first entry is the base
     */
    public static JFreeChart chart(String title, List<String> classNames, Map<String, List<Integer>> errors,
            boolean delta, SeriesPalette palette) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        List<Integer> base = errors.values().iterator().next();
        boolean first = true;
        for (Map.Entry<String, List<Integer>> e : errors.entrySet()) {
            if (!(delta && first)) {
                for (int c = 0; c < e.getValue().size(); c++) {
                    int v = e.getValue().get(c);
                    dataset.addValue(delta ? v - base.get(c) : v, e.getKey(), classNames.get(c));
                }
            }
            first = false;
        }
        return Charts.barChart(title, "class", delta ? "Δ test errors vs base" : "test errors", dataset, palette);
    }

    /** One row per series and class: the errors and their difference to the base's (the first series). */
    public static String csv(List<String> classNames, Map<String, List<Integer>> errors) {
        CsvText csv = CsvText.withHeader("series", "class", "errors", "delta_vs_base");
        List<Integer> base = errors.values().iterator().next();
        for (Map.Entry<String, List<Integer>> e : errors.entrySet()) {
            List<Integer> values = new ArrayList<>(e.getValue());
            for (int c = 0; c < values.size(); c++) {
                csv.row(e.getKey(), classNames.get(c), values.get(c), values.get(c) - base.get(c));
            }
        }
        return csv.toString();
    }
}
