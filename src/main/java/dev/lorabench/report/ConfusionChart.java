package dev.lorabench.report;

import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYDataset;

/**
 * A confusion matrix as a heat map with its numbers: columns the predicted class (x), rows the
 * true class (y, first class on top). Counts run white to blue up to the largest mistake; a Δ grid
 * runs blue (fewer than the base) through grey to red (more) up to the largest change of a mistake
 * cell. The diagonal's numbers, usually far larger, saturate (on the diagonal, more is better).
 * No JavaFX, so the GUI and the PNG export draw the same chart.
 */
public final class ConfusionChart {

    /** Above this many classes the cells are too small for their numbers (the tooltips still say them). */
    static final int MAX_LABELLED = 20;

    private ConfusionChart() {}

    /** A cell of the matrix: a true class and the class predicted for it. */
    public record Cell(int trueClass, int predicted) {}

    public static JFreeChart chart(ConfusionGrid g) {
        int n = g.size();
        double[] xs = new double[n * n];
        double[] ys = new double[n * n];
        double[] zs = new double[n * n];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                int k = t * n + p;
                xs[k] = p;
                ys[k] = t;
                zs[k] = g.cell(t, p);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(g.variant(), new double[][] {xs, ys, zs});
        String[] names = new String[n];
        for (int c = 0; c < n; c++) {
            names[c] = g.className(c);
        }
        SymbolAxis x = new SymbolAxis("predicted class", names);
        SymbolAxis y = new SymbolAxis("true class", names);
        x.setGridBandsVisible(false);
        y.setGridBandsVisible(false);
        y.setInverted(true);
        // Both scales span the mistakes: the diagonal's far larger numbers would wash them out, so it saturates.
        int span = g.maxAbsOffDiagonal();
        ColourScale scale = g.delta() ? ColourScale.diverging(span) : ColourScale.sequential(span);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        renderer.setDefaultToolTipGenerator((dataset, series, item) -> {
            Cell c = cellOf(dataset, series, item);
            return String.format(Locale.ROOT, "true %s → predicted %s: %s", names[c.trueClass()], names[c.predicted()],
                    text(g, zOf(g, c)));
        });
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(new RectangleInsets(2, 2, 2, 2));
        if (n <= MAX_LABELLED) {
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, n <= 10 ? 13 : 10);
            for (int t = 0; t < n; t++) {
                for (int p = 0; p < n; p++) {
                    int v = g.cell(t, p);
                    XYTextAnnotation a = new XYTextAnnotation(text(g, v), p, t);
                    a.setFont(font);
                    a.setPaint(ColourScale.dark(scale.colour(v)) ? Color.WHITE : Color.BLACK);
                    a.setTextAnchor(TextAnchor.CENTER);
                    plot.addAnnotation(a);
                }
            }
        }
        String title = g.delta()
                ? "Confusion Δ vs base — " + g.variant() + " (variant − base; rows true, columns predicted)"
                : "Confusion matrix — " + g.variant() + " (rows true, columns predicted)";
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis legendAxis = new NumberAxis(g.delta() ? "Δ count: red more than the base, blue fewer" : "count (diagonal saturates)");
        legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        legendAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(8, 8, 8, 8));
        legend.setStripWidth(14);
        legend.setFrame(new BlockBorder(Color.WHITE));
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        return chart;
    }

    /** The cell an item of a confusion chart's dataset stands for (x: predicted, y: true). */
    public static Cell cellOf(XYDataset data, int series, int item) {
        return new Cell((int) Math.round(data.getYValue(series, item)), (int) Math.round(data.getXValue(series, item)));
    }

    /** A cell's number as shown: a Δ with its sign. */
    private static String text(ConfusionGrid g, int v) {
        return g.delta() && v > 0 ? "+" + v : String.valueOf(v);
    }

    private static int zOf(ConfusionGrid g, Cell c) {
        return g.cell(c.trueClass(), c.predicted());
    }
}
