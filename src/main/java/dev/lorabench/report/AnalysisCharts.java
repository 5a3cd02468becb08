package dev.lorabench.report;

import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.plan.Variant;
import dev.lorabench.analysis.SvdPrimer;
import dev.lorabench.analysis.TruncationCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * JFreeChart factories for the analysis views (ΔW lab, gain/forgetting, SVD primer). Like
 * {@link Charts}: no JavaFX, so the GUI shows them and exports render them the same way.
 */
public final class AnalysisCharts {

    /** The prefix of a variant's ΔW series (the rest is the variant's name). */
    private static final String DELTA = "ΔW ";

    /** The series name of the base weight's spectrum. */
    public static final String WEIGHT_SERIES = "W (base)";

    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);

    private AnalysisCharts() {}

    /**
     * Singular values of the base weight W and of each variant's ΔW against their index, on a
     * log axis (values that are zero are left out).
     */
    public static JFreeChart spectrumChart(LayerSpectra s) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series(WEIGHT_SERIES, s.weightSpectrum()));
        SeriesPalette palette = SeriesPalette.of(s.variants().values());
        s.deltaSpectra().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(palette.order()))
                .forEach(e -> data.addSeries(series(DELTA + e.getKey(), e.getValue())));
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Singular values — layer " + s.path() + " (" + s.rows() + "×" + s.cols() + ")",
                "index i", "σᵢ (log)", data, PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis axis = new LogAxis("σᵢ (log)");
        axis.setSmallestValue(1e-8);
        plot.setRangeAxis(axis);
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String name = String.valueOf(data.getSeriesKey(i));
            r.setSeriesPaint(i, name.equals(WEIGHT_SERIES) ? SeriesColors.BASE : palette.color(name.substring(DELTA.length())));
            r.setSeriesStroke(i, new BasicStroke(name.equals(WEIGHT_SERIES) ? 2.5f : 1.8f));
        }
        plot.setRenderer(r);
        style(chart);
        return chart;
    }

    private static XYSeries series(String name, double[] values) {
        XYSeries series = new XYSeries(name, false, true);
        for (int i = 0; i < values.length; i++) {
            if (values[i] > 0 && Double.isFinite(values[i])) {
                series.add(i + 1, values[i], false);
            }
        }
        return series;
    }

    /** The number of cells of a similarity heat map's dataset: labels². */
    public static int heatMapCells(JFreeChart chart) {
        return chart.getXYPlot().getDataset().getItemCount(0);
    }

    /** Subspace similarity φ between the variants as a heat map (0 white … 1 dark blue) with values. */
    public static JFreeChart similarityChart(LayerSpectra s) {
        List<String> labels = s.similarityLabels();
        int n = labels.size();
        double[] xs = new double[n * n];
        double[] ys = new double[n * n];
        double[] zs = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                xs[k] = j;
                ys[k] = i;
                zs[k] = s.similarity()[i][j];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("φ", new double[][] {xs, ys, zs});
        String[] names = labels.toArray(String[]::new);
        SymbolAxis x = new SymbolAxis("variant", names);
        SymbolAxis y = new SymbolAxis("variant", names);
        y.setInverted(true);
        XYBlockRenderer renderer = new XYBlockRenderer();
        LookupPaintScale scale = blues();
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(new RectangleInsets(2, 2, 2, 2));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = s.similarity()[i][j];
                XYTextAnnotation a = new XYTextAnnotation(String.format(Locale.ROOT, "%.2f", v), j, i);
                a.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                a.setPaint(v > 0.55 ? Color.WHITE : Color.BLACK);
                a.setTextAnchor(TextAnchor.CENTER);
                plot.addAnnotation(a);
            }
        }
        JFreeChart chart = new JFreeChart("Subspace similarity φ — layer " + s.path(), JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis legendAxis = new NumberAxis("φ");
        legendAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(8, 8, 8, 8));
        legend.setStripWidth(14);
        legend.setFrame(new org.jfree.chart.block.BlockBorder(Color.WHITE));
        chart.addSubtitle(legend);
        style(chart);
        return chart;
    }

    private static LookupPaintScale blues() {
        LookupPaintScale scale = new LookupPaintScale(0, 1.0001, Color.WHITE);
        int steps = 20;
        for (int i = 0; i < steps; i++) {
            double t = (double) i / (steps - 1);
            Color c = new Color(
                    (int) Math.round(0xf7 + t * (0x08 - 0xf7)),
                    (int) Math.round(0xfb + t * (0x30 - 0xfb)),
                    (int) Math.round(0xff + t * (0x6b - 0xff)));
            scale.add((double) i / steps, c);
        }
        return scale;
    }

    /** The truncated full fine-tune's metric against k, with the untruncated value as a line. */
    public static JFreeChart truncationChart(TruncationCurve t) {
        XYSeries series = new XYSeries("full ΔW cut to rank k", false, true);
        for (int i = 0; i < t.k().size(); i++) {
            series.add(t.k().get(i), t.metric().get(i));
        }
        String title = "Is rank k enough? Full fine-tune truncated to rank k" + (t.onSubset()
                ? String.format(Locale.ROOT, " (%,d of %,d test rows)", t.rows(), t.testRows()) : "");
        JFreeChart chart = rankCurve(title, t.metricName(), series, true);
        XYPlot plot = chart.getXYPlot();
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        if (Double.isFinite(t.fullMetric())) {
            ValueMarker full = new ValueMarker(t.fullMetric(), SeriesColors.of(Variant.full()),
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            full.setLabel(String.format(Locale.ROOT, "full fine-tune: %.4f", t.fullMetric()));
            full.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
            full.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addRangeMarker(full);
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
            double lo = Math.min(t.fullMetric(), t.metric().stream().mapToDouble(Double::doubleValue).min().orElse(t.fullMetric()));
            double hi = Math.max(t.fullMetric(), t.metric().stream().mapToDouble(Double::doubleValue).max().orElse(t.fullMetric()));
            double pad = Math.max(1e-4, (hi - lo) * 0.1);
            plot.getRangeAxis().setRange(lo - pad, hi + pad);
        }
        style(chart);
        return chart;
    }

    /**
     * Change in test errors against the base per class for every variant.
     *
     * @param delta variant → (variant errors − base errors) per class
     */
    public static JFreeChart gainForgettingChart(
            List<String> classNames, Map<String, List<Integer>> delta, List<Integer> targets, SeriesPalette palette) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        delta.forEach((variant, values) -> {
            for (int c = 0; c < values.size(); c++) {
                data.addValue(values.get(c), variant, c < classNames.size() ? classNames.get(c) : String.valueOf(c));
            }
        });
        String on = targets.stream().map(c -> c < classNames.size() ? classNames.get(c) : String.valueOf(c)).toList().toString();
        JFreeChart chart = Charts.barChart("Gain and forgetting: Δ test errors vs base (targets " + on + ")",
                "class", "Δ test errors vs base (negative: better)", data, palette);
        return chart;
    }

    /** The rank-k approximation's relative error against k, with a marker at {@code k}. */
    public static JFreeChart svdPrimerChart(String layer, SvdPrimer p, int k) {
        XYSeries series = new XYSeries("‖W − W_k‖_F / ‖W‖_F", false, true);
        for (int i = 0; i < p.relativeError().length; i++) {
            series.add(i + 1, p.relativeError()[i]);
        }
        JFreeChart chart = rankCurve("Rank-k approximation of W — layer " + layer + " (" + p.rows() + "×" + p.cols() + ")",
                "relative error", series, false);
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setRange(0, 1.02);
        if (k >= 1 && k <= p.relativeError().length) {
            ValueMarker m = new ValueMarker(k, SeriesColors.of(Variant.lora(4)), new BasicStroke(1.5f));
            m.setLabel(String.format(Locale.ROOT, "k = %d: %.4f", k, p.relativeError()[k - 1]));
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(m);
        }
        style(chart);
        return chart;
    }

    /** One series over whole ranks k, drawn as a thick line in the first LoRA colour. */
    private static JFreeChart rankCurve(String title, String rangeLabel, XYSeries series, boolean shapes) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "rank k", rangeLabel, new XYSeriesCollection(series),
                PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
        r.setSeriesPaint(0, SeriesColors.of(Variant.lora(1)));
        r.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(r);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        if (chart.getPlot() instanceof XYPlot plot) {
            if (plot.getRenderer() instanceof XYLineAndShapeRenderer) {
                plot.setBackgroundPaint(Color.WHITE);
                plot.setDomainGridlinePaint(GRID);
                plot.setRangeGridlinePaint(GRID);
            }
        }
    }
}
