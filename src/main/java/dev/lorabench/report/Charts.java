package dev.lorabench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.SamplingXYLineRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * JFreeChart factories shared by the CLI's PNGs and the GUI's views. No JavaFX here: the GUI
 * wraps these charts in a canvas, the CLI renders them offscreen.
 */
public final class Charts {

    private Charts() {}

    /** An empty loss chart: step on x, loss on y, one series per variant added later. */
    public static JFreeChart lossChart(String title, XYSeriesCollection dataset, boolean logScale) {
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        title, "step", "training loss", dataset, PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        // Draws at most a few points per pixel column, whatever the series length.
        SamplingXYLineRenderer renderer = new SamplingXYLineRenderer();
        plot.setRenderer(renderer);
        setLogScale(chart, logScale);
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        return chart;
    }

    /** Loss curves of finished variants (keys are variant names, values (step, loss) pairs). */
    public static JFreeChart lossChart(String title, Map<String, double[][]> curves, boolean logScale, SeriesPalette palette) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        curves.forEach((name, points) -> {
            XYSeries series = new XYSeries(name, false, true);
            for (double[] p : points) {
                series.add(p[0], p[1], false);
            }
            dataset.addSeries(series);
        });
        JFreeChart chart = lossChart(title, dataset, logScale);
        colourSeries(chart, palette);
        return chart;
    }

    /** Applies each series' stable colour (call after adding series). */
    public static void colourSeries(JFreeChart chart, SeriesPalette palette) {
        XYPlot plot = chart.getXYPlot();
        XYSeriesCollection dataset = (XYSeriesCollection) plot.getDataset();
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            String name = String.valueOf(dataset.getSeriesKey(i));
            plot.getRenderer().setSeriesPaint(i, palette.color(name));
            boolean validation = name.endsWith(SeriesColors.VALIDATION_SUFFIX);
            plot.getRenderer().setSeriesStroke(i, validation
                    ? new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(palette.isFull(name) ? 2.0f : 1.5f));
        }
    }

    /** Switches the loss axis between linear and logarithmic. */
    public static void setLogScale(JFreeChart chart, boolean log) {
        XYPlot plot = chart.getXYPlot();
        if (log) {
            LogAxis axis = new LogAxis("training loss (log)");
            axis.setSmallestValue(1e-6);
            plot.setRangeAxis(axis);
        } else {
            NumberAxis axis = new NumberAxis("training loss");
            axis.setAutoRangeIncludesZero(false);
            plot.setRangeAxis(axis);
        }
    }

    /**
     * Grouped bars: for each class (x), one bar per series (base and each variant).
     *
     * @param errors series name → errors per class, in class order
     */
    public static JFreeChart classErrorChart(
            String title, List<String> classNames, Map<String, List<Integer>> errors, SeriesPalette palette) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        errors.forEach((series, values) -> {
            for (int c = 0; c < values.size(); c++) {
                dataset.addValue(values.get(c), series, classNames.get(c));
            }
        });
        return barChart(title, "class", "test errors", dataset, palette);
    }

    /** One bar per variant, e.g. the test MSE of a regression sweep. */
    public static JFreeChart valueChart(String title, String valueLabel, Map<String, Double> values, SeriesPalette palette) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        values.forEach((series, v) -> dataset.addValue(v, series, valueLabel));
        return barChart(title, "", valueLabel, dataset, palette);
    }

    /** A grouped bar chart coloured by variant, for any category dataset. */
    public static JFreeChart barChart(
            String title, String categoryLabel, String valueLabel, DefaultCategoryDataset dataset, SeriesPalette palette) {
        JFreeChart chart =
                ChartFactory.createBarChart(
                        title, categoryLabel, valueLabel, dataset, PlotOrientation.VERTICAL, true, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.02);
        for (int i = 0; i < dataset.getRowCount(); i++) {
            renderer.setSeriesPaint(i, palette.color(String.valueOf(dataset.getRowKey(i))));
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
    }
}
