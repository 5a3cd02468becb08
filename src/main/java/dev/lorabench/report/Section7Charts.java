package dev.lorabench.report;

import dev.lorabench.analysis.IntruderProfile;
import dev.lorabench.analysis.PhiGrid;
import dev.lorabench.analysis.Section7Lab;
import dev.lorabench.analysis.Section7Layer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of the LoRA paper's §7 and of intruder dimensions: φ heat maps (Fig. 3 and 4), the
 * tuned-against-base similarity matrix, and intruder counts over ε. No JavaFX: the GUI and the
 * PNG exports draw the same charts.
 */
public final class Section7Charts {

    /** Up to this many cells a heat map prints its values. */
    static final int MAX_LABELLED = 100;

    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);

    private Section7Charts() {}

    /** φ(i, j): rows i (top-i of the row side, first on top) against columns j, white 0 to dark blue 1. */
    public static JFreeChart phiChart(String title, PhiGrid g) {
        return heatMap(title, g.phi(), "i: top-i of " + g.rows(), "j: top-j of " + g.cols(), "φ");
    }

    /** |cos| between the layer's top-k tuned (rows) and base (columns) left singular vectors of a variant. */
    public static JFreeChart similarityChart(Section7Layer layer, String variant, int k) {
        IntruderProfile p = layer.intruders().get(variant);
        if (p == null) {
            throw new IllegalArgumentException("no intruder profile of " + variant + " in layer " + layer.path()
                    + "; have " + layer.intruders().keySet());
        }
        double[][] s = p.similarity(k);
        return heatMap("|cos| of top-" + s.length + " directions, " + variant + " vs base — layer " + layer.path(), s,
                "j: direction of W + ΔW (" + variant + ")", "i: direction of W", "|u'ⱼᵀuᵢ|");
    }

    /**
     * How many of each variant's top-k directions are intruders at each ε of {@link
     * Section7Lab#EPSILONS}, with k capped at the layer's {@link Section7Layer#kMax}.
     */
    public static JFreeChart countsChart(Section7Layer layer, int k, SeriesPalette palette) {
        int kk = Math.min(k, layer.kMax());
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> names = new ArrayList<>(layer.intruders().keySet());
        names.sort(palette.order());
        for (String name : names) {
            IntruderProfile p = layer.intruders().get(name);
            int[] counts = p.countsOver(Math.min(kk, p.kMax()), Section7Lab.EPSILONS);
            XYSeries series = new XYSeries(name, false, true);
            for (int e = 0; e < counts.length; e++) {
                series.add(Section7Lab.EPSILONS[e], counts[e]);
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Intruders among the top " + kk + " directions over ε — layer " + layer.path(),
                "ε (a direction is an intruder when its best |cos| with W's is below ε)", "intruders", data,
                PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String name = String.valueOf(data.getSeriesKey(i));
            r.setSeriesPaint(i, palette.color(name));
            r.setSeriesStroke(i, new BasicStroke(palette.isFull(name) ? 2.5f : 1.5f));
        }
        plot.setRenderer(r);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setRange(0, Math.max(1, kk) + 0.2);
        plot.getDomainAxis().setRange(0, 1);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        return chart;
    }

    /** A grid as a heat map: value[row][col] at (col + 1, row + 1), row 1 on top, 0 white to 1 dark blue. */
    private static JFreeChart heatMap(String title, double[][] values, String rowLabel, String colLabel, String legend) {
        int rows = values.length;
        int cols = rows == 0 ? 0 : values[0].length;
        double[] xs = new double[rows * cols];
        double[] ys = new double[rows * cols];
        double[] zs = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                xs[k] = j + 1;
                ys[k] = i + 1;
                zs[k] = values[i][j];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(legend, new double[][] {xs, ys, zs});
        NumberAxis x = new NumberAxis(colLabel);
        NumberAxis y = new NumberAxis(rowLabel);
        for (NumberAxis a : List.of(x, y)) {
            a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            a.setAutoRangeIncludesZero(false);
        }
        x.setRange(0.5, cols + 0.5);
        y.setRange(0.5, rows + 0.5);
        y.setInverted(true);
        ColourScale scale = ColourScale.sequential(1);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        renderer.setDefaultToolTipGenerator((dataset, series, item) -> String.format(Locale.ROOT, "i = %d, j = %d: %.3f",
                (int) dataset.getYValue(series, item), (int) dataset.getXValue(series, item),
                dataset instanceof DefaultXYZDataset z ? z.getZValue(series, item) : Double.NaN));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(new RectangleInsets(2, 2, 2, 2));
        if (rows * cols <= MAX_LABELLED) {
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, cols <= 10 ? 11 : 9);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = values[i][j];
                    XYTextAnnotation a = new XYTextAnnotation(String.format(Locale.ROOT, "%.2f", v), j + 1, i + 1);
                    a.setFont(font);
                    a.setPaint(ColourScale.dark(scale.colour(v)) ? Color.WHITE : Color.BLACK);
                    a.setTextAnchor(TextAnchor.CENTER);
                    plot.addAnnotation(a);
                }
            }
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis legendAxis = new NumberAxis(legend);
        legendAxis.setRange(0, 1);
        PaintScaleLegend scaleLegend = new PaintScaleLegend(scale, legendAxis);
        scaleLegend.setPosition(RectangleEdge.RIGHT);
        scaleLegend.setMargin(new RectangleInsets(8, 8, 8, 8));
        scaleLegend.setStripWidth(14);
        scaleLegend.setFrame(new BlockBorder(Color.WHITE));
        chart.addSubtitle(scaleLegend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        return chart;
    }

    /** The number of cells of a heat map drawn here (rows × columns of its grid). */
    public static int cells(JFreeChart chart) {
        return chart.getXYPlot().getDataset().getItemCount(0);
    }
}
