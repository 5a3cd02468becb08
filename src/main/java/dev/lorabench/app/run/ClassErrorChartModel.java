package dev.lorabench.app.run;

import dev.lorabench.plan.Variant;
import dev.lorabench.report.Charts;
import dev.lorabench.report.RunReport;
import dev.lorabench.report.SeriesPalette;
import dev.lorabench.report.SeriesColors;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.plot.CategoryMarker;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Grouped test-error bars per class for the base and each variant, optionally as the change
 * against the base ("Δ vs base"). Target classes get a shaded band and a bold label. Regression
 * runs show one bar of test MSE per series instead. Not a JavaFX node; use from one thread.
 */
public final class ClassErrorChartModel {

    static final String MSE_CATEGORY = "test MSE";
    private static final Color TARGET_BAND = new Color(0xff, 0xd5, 0x4f, 90);
    private static final Color TARGET_LABEL = new Color(0xb2, 0x5e, 0x00);

    private final DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    private final JFreeChart chart;
    private final Map<String, Evaluation> evaluations = new LinkedHashMap<>();
    private List<String> classNames = List.of();
    private List<Integer> targets = List.of();
    private boolean delta;
    private SeriesPalette palette = SeriesPalette.empty();

    public ClassErrorChartModel() {
        chart = Charts.barChart("Test errors per class", "class", "test errors", dataset, palette);
    }

    /** A chart of a finished run, built on any thread (for exports). */
    public static JFreeChart chartOf(RunResult run, boolean delta) {
        ClassErrorChartModel model = new ClassErrorChartModel();
        model.load(run);
        model.setDelta(delta);
        return model.chart();
    }

    public JFreeChart chart() {
        return chart;
    }

    public DefaultCategoryDataset dataset() {
        return dataset;
    }

    public boolean isDelta() {
        return delta;
    }

    public void clear() {
        evaluations.clear();
        targets = List.of();
        refresh();
    }

    public void setClassNames(List<String> names) {
        classNames = List.copyOf(names);
        refresh();
    }

    public void setTargets(List<Integer> classes) {
        targets = List.copyOf(classes);
        refresh();
    }

    public List<Integer> targets() {
        return targets;
    }

    /** Adds or replaces one series' evaluation ("base" or a variant name). */
    public void put(String series, Evaluation evaluation) {
        evaluations.put(series, evaluation);
        refresh();
    }

    /** Names the run's variants, whose bars the chart colours (set before their evaluations arrive). */
    public void setVariants(List<? extends Variant> variants) {
        palette = SeriesPalette.of(variants);
        refresh();
    }

    public void load(RunResult run) {
        palette = RunReport.palette(run);
        evaluations.clear();
        classNames = run.classNames();
        targets = run.targetClasses();
        evaluations.put("base", run.base().evaluation());
        for (VariantResult v : run.variants()) {
            evaluations.put(v.spec().name(), v.evaluation());
        }
        refresh();
    }

    public void setDelta(boolean delta) {
        this.delta = delta;
        refresh();
    }

    /** The values the bars show: series → one value per category (class, or MSE). */
    public Map<String, List<Double>> values() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        Evaluation base = evaluations.get("base");
        evaluations.forEach((name, e) -> {
            if (delta && (name.equals("base") || base == null)) {
                return;
            }
            List<Double> row = new ArrayList<>();
            if (e.isRegression()) {
                row.add(delta ? e.mse() - base.mse() : e.mse());
            } else {
                for (int c = 0; c < e.classErrors().size(); c++) {
                    int v = e.classErrors().get(c);
                    row.add((double) (delta ? v - base.classErrors().get(c) : v));
                }
            }
            out.put(name, row);
        });
        return out;
    }

    private boolean regression() {
        return !evaluations.isEmpty() && evaluations.values().iterator().next().isRegression();
    }

    private String category(int c) {
        return c < classNames.size() ? classNames.get(c) : String.valueOf(c);
    }

    private void refresh() {
        chart.setNotify(false);
        try {
            dataset.clear();
            boolean regression = regression();
            values().forEach((name, row) -> {
                for (int c = 0; c < row.size(); c++) {
                    dataset.addValue(row.get(c), name, regression ? MSE_CATEGORY : category(c));
                }
            });
            CategoryPlot plot = chart.getCategoryPlot();
            BarRenderer renderer = (BarRenderer) plot.getRenderer();
            for (int i = 0; i < dataset.getRowCount(); i++) {
                renderer.setSeriesPaint(i, palette.color(String.valueOf(dataset.getRowKey(i))));
            }
            plot.getRangeAxis().setLabel(
                    regression ? (delta ? "Δ test MSE vs base" : "test MSE")
                            : (delta ? "Δ test errors vs base" : "test errors"));
            chart.setTitle(title(regression));
            markTargets(plot, regression);
        } finally {
            chart.setNotify(true);
        }
    }

    private String title(boolean regression) {
        if (regression) {
            return delta ? "Test MSE change vs base" : "Test MSE";
        }
        String what = delta ? "Change in test errors vs base" : "Test errors per class";
        if (targets.isEmpty()) {
            return what;
        }
        List<String> names = targets.stream().map(this::category).toList();
        return what + " (fine-tuned on " + String.join(", ", names) + ")";
    }

    private void markTargets(CategoryPlot plot, boolean regression) {
        plot.clearDomainMarkers();
        CategoryAxis axis = plot.getDomainAxis();
        Font plain = axis.getTickLabelFont();
        for (int c = 0; c < classNames.size(); c++) {
            axis.setTickLabelFont(category(c), plain);
            axis.setTickLabelPaint(category(c), Color.DARK_GRAY);
        }
        if (regression) {
            return;
        }
        for (int c : targets) {
            CategoryMarker marker = new CategoryMarker(category(c), TARGET_BAND, new BasicStroke(1f));
            marker.setDrawAsLine(false);
            marker.setAlpha(1f);
            plot.addDomainMarker(marker, Layer.BACKGROUND);
            axis.setTickLabelFont(category(c), plain.deriveFont(Font.BOLD));
            axis.setTickLabelPaint(category(c), TARGET_LABEL);
        }
    }
}
