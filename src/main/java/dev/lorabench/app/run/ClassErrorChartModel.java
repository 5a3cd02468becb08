package dev.lorabench.app.run;

import dev.lorabench.analysis.stats.SeedSummary;
import dev.lorabench.analysis.stats.BandKind;
import dev.lorabench.plan.Variant;
import dev.lorabench.report.ChartStyle;
import dev.lorabench.report.Charts;
import dev.lorabench.report.ErrorBarRenderer;
import dev.lorabench.report.RunReport;
import dev.lorabench.report.SeriesPalette;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.SeedRun;
import dev.lorabench.train.VariantResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.plot.CategoryMarker;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Grouped test-error bars per class for the base and each variant, by default as the change
 * against the base ("Δ vs base": a variant's errors minus the base's, so small differences between
 * ranks stay visible beside a large full fine-tune), or as absolute errors. Target classes get a
 * shaded band and a bold label. With several seeds a variant's bar is its mean over the seeds with
 * a whisker (min–max or ± 1 sd). Regression runs show one bar of test MSE per series instead.
 * Series can be hidden (the axis then fits the rest). Not a JavaFX node; use from one thread.
 */
public final class ClassErrorChartModel {

    static final String MSE_CATEGORY = "test MSE";
    private static final Color TARGET_BAND = new Color(0xff, 0xd5, 0x4f, 90);
    private static final Color TARGET_LABEL = new Color(0xb2, 0x5e, 0x00);
    private static final Color TARGET_LABEL_ON_DARK = new Color(0xf0, 0xa2, 0x4a);

    /** How a chart of a finished run is drawn (for exports). */
    public record Options(boolean delta, BandKind band, Set<String> hidden) {
        public Options {
            hidden = Set.copyOf(hidden);
        }
    }

    private final DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    private final JFreeChart chart;
    private final Map<String, Evaluation> evaluations = new LinkedHashMap<>();
    /** Per variant, per seed: the values a bar shows (errors per class, or the MSE); only with several seeds. */
    private final Map<String, List<List<Double>>> seedValues = new LinkedHashMap<>();
    private final Set<String> hidden = new HashSet<>();
    private List<String> classNames = List.of();
    private List<Integer> targets = List.of();
    private boolean delta = true;
    private BandKind band = BandKind.MIN_MAX;
    private ChartStyle style = ChartStyle.LIGHT;
    private SeriesPalette palette = SeriesPalette.empty();

    public ClassErrorChartModel() {
        chart = Charts.barChart("Test errors per class", "class", "test errors", dataset, palette);
        // The view's check boxes are the legend; exports show the chart's own.
        chart.getLegend().setVisible(false);
    }

    /** A chart of a finished run, built on any thread (for exports): light, with its legend. */
    public static JFreeChart chartOf(RunResult run, Options options) {
        ClassErrorChartModel model = new ClassErrorChartModel();
        model.load(run);
        model.delta = options.delta();
        model.band = options.band();
        model.hidden.addAll(options.hidden());
        model.refresh();
        model.chart().getLegend().setVisible(true);
        return model.chart();
    }

    public JFreeChart chart() {
        return chart;
    }

    public DefaultCategoryDataset dataset() {
        return dataset;
    }

    /** Whether the bars are asked to show the change against the base. */
    public boolean isDelta() {
        return delta;
    }

    /** Whether they do: Δ needs the base and a variant (until then the base's errors show). */
    public boolean showsDelta() {
        return delta && evaluations.containsKey(SeriesPalette.BASE) && evaluations.size() > 1;
    }

    public void clear() {
        evaluations.clear();
        seedValues.clear();
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

    /** The series with an evaluation, in order ("base" first). */
    public List<String> seriesNames() {
        return new ArrayList<>(evaluations.keySet());
    }

    /** Adds or replaces one series' evaluation ("base" or a variant name); a replaced one loses its seed spread. */
    public void put(String series, Evaluation evaluation) {
        evaluations.put(series, evaluation);
        seedValues.remove(series);
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
        seedValues.clear();
        classNames = run.classNames();
        targets = run.targetClasses();
        evaluations.put(SeriesPalette.BASE, run.base().evaluation());
        for (VariantResult v : run.variants()) {
            evaluations.put(v.spec().name(), v.evaluation());
        }
        for (SeedRun s : run.seedRuns()) {
            seedValues.computeIfAbsent(s.variant(), k -> new ArrayList<>()).add(raw(s.evaluation()));
        }
        seedValues.values().removeIf(seeds -> seeds.size() < 2);
        refresh();
    }

    public void setDelta(boolean delta) {
        this.delta = delta;
        refresh();
    }

    /** What the whiskers of several seeds span. */
    public void setBand(BandKind band) {
        this.band = band;
        refresh();
    }

    /** Shows or hides a series' bars; the value axis fits the shown ones. */
    public void setVisible(String series, boolean show) {
        if (show ? hidden.remove(series) : hidden.add(series)) {
            refresh();
        }
    }

    public boolean isVisible(String series) {
        return !hidden.contains(series);
    }

    /** A series' colour as CSS hex, for legends (in the chart's style). */
    public String hex(String series) {
        return palette.forStyle(style).hex(series);
    }

    public void setStyle(ChartStyle style) {
        this.style = style;
        chart.setNotify(false);
        try {
            Charts.applyStyle(chart, style);
        } finally {
            chart.setNotify(true);
        }
        refresh();
    }

    /** The values the bars show: shown series → one value per category (class, or MSE). */
    public Map<String, List<Double>> values() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        boolean d = showsDelta();
        List<Double> base = d ? raw(evaluations.get(SeriesPalette.BASE)) : null;
        evaluations.forEach((name, e) -> {
            if ((d && name.equals(SeriesPalette.BASE)) || hidden.contains(name)) {
                return;
            }
            List<List<Double>> seeds = seedValues.get(name);
            List<Double> row = seeds == null ? raw(e) : mean(seeds);
            out.put(name, d ? minus(row, base) : row);
        });
        return out;
    }

    /**
     * The whiskers: shown series with several seeds → {low, high} per category, in the bars' units
     * (Δ or absolute).
     */
    public Map<String, List<double[]>> spreads() {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        boolean d = showsDelta();
        List<Double> base = raw(evaluations.get(SeriesPalette.BASE));
        seedValues.forEach((name, seeds) -> {
            if (hidden.contains(name) || !evaluations.containsKey(name)) {
                return;
            }
            List<double[]> row = new ArrayList<>();
            double[] values = new double[seeds.size()];
            for (int c = 0; c < seeds.get(0).size(); c++) {
                for (int k = 0; k < seeds.size(); k++) {
                    values[k] = seeds.get(k).get(c) - (d ? base.get(c) : 0);
                }
                SeedSummary s = SeedSummary.of(values);
                row.add(new double[] {s.lower(band), s.upper(band)});
            }
            out.put(name, row);
        });
        return out;
    }

    /** Errors per class (or the MSE) of an evaluation. */
    private static List<Double> raw(Evaluation e) {
        if (e == null) {
            return null;
        }
        return e.isRegression() ? List.of(e.mse()) : e.classErrors().stream().map(Integer::doubleValue).toList();
    }

    private static List<Double> mean(List<List<Double>> seeds) {
        List<Double> out = new ArrayList<>();
        for (int c = 0; c < seeds.get(0).size(); c++) {
            double sum = 0;
            for (List<Double> s : seeds) {
                sum += s.get(c);
            }
            out.add(sum / seeds.size());
        }
        return out;
    }

    private static List<Double> minus(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>();
        for (int c = 0; c < a.size(); c++) {
            out.add(a.get(c) - b.get(c));
        }
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
            boolean d = showsDelta();
            values().forEach((name, row) -> {
                for (int c = 0; c < row.size(); c++) {
                    dataset.addValue(row.get(c), name, regression ? MSE_CATEGORY : category(c));
                }
            });
            CategoryPlot plot = chart.getCategoryPlot();
            ErrorBarRenderer renderer = (ErrorBarRenderer) plot.getRenderer();
            SeriesPalette colours = palette.forStyle(style);
            for (int i = 0; i < dataset.getRowCount(); i++) {
                renderer.setSeriesPaint(i, colours.color(String.valueOf(dataset.getRowKey(i))));
            }
            renderer.clearRanges();
            spreads().forEach((name, row) -> {
                for (int c = 0; c < row.size(); c++) {
                    renderer.setRange(name, regression ? MSE_CATEGORY : category(c), row.get(c)[0], row.get(c)[1]);
                }
            });
            plot.getRangeAxis().setLabel(
                    regression ? (d ? "Δ test MSE vs base" : "test MSE")
                            : (d ? "Δ test errors vs base (variant − base)" : "test errors"));
            chart.setTitle(title(regression, d));
            Charts.applyStyle(chart, style);
            markTargets(plot, regression);
        } finally {
            chart.setNotify(true);
        }
    }

    private String title(boolean regression, boolean d) {
        String seeds = seedValues.isEmpty() ? "" : ", mean over seeds (whiskers: " + band.label() + ")";
        if (regression) {
            return (d ? "Test MSE change vs base" : "Test MSE") + seeds;
        }
        String what = (d ? "Change in test errors vs base" : "Test errors per class") + seeds;
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
            axis.setTickLabelPaint(category(c), style.axis());
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
            axis.setTickLabelPaint(category(c), style.dark() ? TARGET_LABEL_ON_DARK : TARGET_LABEL);
        }
    }
}
