package dev.lorabench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Each variant's path through learning and forgetting while it fine-tuned: x = forgetting (errors
 * added on the other classes), y = gain (errors removed on the targets), the sampled steps joined
 * in step order, the first labelled "start" and the last with the variant's name and step. Up and
 * to the left is learning without forgetting. No JavaFX, so the GUI and the PNG export draw the same.
 */
public final class TrajectoryChart {

    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);

    private TrajectoryChart() {}

    /**
     * The curves that have points (the others are left out), one series each in {@code palette}'s
     * colours, in the order given.
     *
     * @param targets the target classes' names, for the title
     */
    public static JFreeChart chart(List<TrajectoryCurve> curves, List<String> targets, SeriesPalette palette) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<TrajectoryCurve> drawn = curves.stream().filter(c -> !c.steps().isEmpty()).toList();
        for (TrajectoryCurve c : drawn) {
            // Not sorted by x: the line follows the steps.
            XYSeries series = new XYSeries(c.name(), false, true);
            c.steps().forEach(s -> series.add(s.forgetting(), s.gain()));
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Learning vs forgetting during the fine-tune (targets " + targets + ")",
                "forgetting: errors added on the other classes", "gain: errors removed on the targets", data,
                PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < drawn.size(); i++) {
            String name = drawn.get(i).name();
            r.setSeriesPaint(i, palette.color(name));
            r.setSeriesStroke(i, new BasicStroke(palette.isFull(name) ? 2.4f : 1.8f));
        }
        plot.setRenderer(r);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, 11);
        Set<String> starts = new HashSet<>();
        for (TrajectoryCurve c : drawn) {
            TrajectoryCurve.Step first = c.steps().get(0);
            // Curves that start together (usually at 0, 0) share one label.
            if (starts.add(first.forgetting() + "," + first.gain())) {
                XYTextAnnotation start = new XYTextAnnotation("start  ", first.forgetting(), first.gain());
                start.setTextAnchor(TextAnchor.TOP_RIGHT);
                start.setFont(font);
                start.setPaint(Color.DARK_GRAY);
                plot.addAnnotation(start);
            }
            TrajectoryCurve.Step last = c.steps().get(c.steps().size() - 1);
            XYTextAnnotation end = new XYTextAnnotation("  " + c.name() + " end (step " + last.step() + ")",
                    last.forgetting(), last.gain());
            end.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            end.setFont(font);
            end.setPaint(palette.color(c.name()));
            plot.addAnnotation(end);
        }
        for (NumberAxis axis : List.of((NumberAxis) plot.getDomainAxis(), (NumberAxis) plot.getRangeAxis())) {
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            axis.setAutoRangeIncludesZero(true);
            // Room around the edges for the labels: zero is not pinned to the border.
            axis.setAutoRangeStickyZero(false);
            axis.setLowerMargin(0.08);
            axis.setUpperMargin(0.08);
        }
        // The end labels run to the right of the last points.
        plot.getDomainAxis().setUpperMargin(0.3);
        plot.addDomainMarker(new ValueMarker(0, Color.GRAY, new BasicStroke(1f)));
        plot.addRangeMarker(new ValueMarker(0, Color.GRAY, new BasicStroke(1f)));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        return chart;
    }
}
