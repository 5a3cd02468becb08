package dev.lorabench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.SamplingXYLineRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

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
        // Bands (the spread over seeds) sit behind the lines: dataset 1, drawn first.
        DeviationRenderer bands = new DeviationRenderer(false, false);
        bands.setAlpha(0.22f);
        // A band belongs to its line: the legend names each curve once.
        bands.setDefaultSeriesVisibleInLegend(false);
        plot.setDataset(BAND_DATASET, new YIntervalSeriesCollection());
        plot.setRenderer(BAND_DATASET, bands);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        setLogScale(chart, logScale);
        chart.setAntiAlias(true);
        applyStyle(chart, ChartStyle.LIGHT);
        return chart;
    }

    /** The index of a loss chart's band dataset (a {@link YIntervalSeriesCollection}, one series per banded curve). */
    public static final int BAND_DATASET = 1;

    /** A loss chart's bands: low to high around each banded curve, keyed like its line. */
    public static YIntervalSeriesCollection bands(JFreeChart chart) {
        return (YIntervalSeriesCollection) chart.getXYPlot().getDataset(BAND_DATASET);
    }

    /**
     * Loss curves as drawn in the workbench (lines, and bands where several seeds ran), on an x axis
     * named {@code xLabel}: what the export writes.
     */
    public static JFreeChart lossChart(String title, String xLabel, List<LossCurve> curves, boolean logScale,
            SeriesPalette palette) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        JFreeChart chart = lossChart(title, dataset, logScale);
        chart.getXYPlot().getDomainAxis().setLabel(xLabel);
        YIntervalSeriesCollection bands = bands(chart);
        for (LossCurve c : curves) {
            XYSeries series = new XYSeries(c.name(), false, true);
            YIntervalSeries band = c.hasBand() ? new YIntervalSeries(c.name(), false, true) : null;
            for (int i = 0; i < c.x().length; i++) {
                series.add(c.x()[i], c.y()[i], false);
                if (band != null) {
                    band.add(new org.jfree.data.xy.YIntervalDataItem(c.x()[i], c.y()[i], c.low()[i], c.high()[i]), false);
                }
            }
            dataset.addSeries(series);
            if (band != null) {
                bands.addSeries(band);
            }
        }
        colourSeries(chart, palette);
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

    /** Applies each series' stable colour (call after adding series), to its line and its band. */
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
        if (plot.getDataset(BAND_DATASET) instanceof YIntervalSeriesCollection bands) {
            XYItemRenderer r = plot.getRenderer(BAND_DATASET);
            for (int i = 0; i < bands.getSeriesCount(); i++) {
                Color c = palette.color(String.valueOf(bands.getSeriesKey(i)));
                r.setSeriesPaint(i, c);
                ((DeviationRenderer) r).setSeriesFillPaint(i, c);
            }
        }
    }

    /**
     * Paints a chart's frame in a style: background, plot, grid lines, axes, titles and legend.
     * Series colours are the palette's business ({@link SeriesPalette#forStyle}).
     */
    public static void applyStyle(JFreeChart chart, ChartStyle style) {
        chart.setBackgroundPaint(style.background());
        if (chart.getTitle() != null) {
            chart.getTitle().setPaint(style.text());
        }
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            Title t = chart.getSubtitle(i);
            if (t instanceof TextTitle text) {
                text.setPaint(style.text());
            } else if (t instanceof LegendTitle legend) {
                legend.setBackgroundPaint(style.background());
                legend.setItemPaint(style.text());
            } else if (t instanceof PaintScaleLegend scale) {
                scale.setBackgroundPaint(style.background());
                styleAxis(scale.getAxis(), style);
            }
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(style.plot());
        plot.setOutlinePaint(style.grid());
        if (plot instanceof CombinedDomainXYPlot combined) {
            for (XYPlot sub : combined.getSubplots()) {
                sub.setBackgroundPaint(style.plot());
                sub.setOutlinePaint(style.grid());
                sub.setDomainGridlinePaint(style.grid());
                sub.setRangeGridlinePaint(style.grid());
                styleAxis(sub.getRangeAxis(), style);
            }
        }
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(style.grid());
            xy.setRangeGridlinePaint(style.grid());
            styleAxis(xy.getDomainAxis(), style);
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                styleAxis(xy.getRangeAxis(i), style); // a second axis (e.g. φ beside ranks) too
            }
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(style.grid());
            cat.setRangeZeroBaselinePaint(style.axis());
            styleAxis(cat.getDomainAxis(), style);
            styleAxis(cat.getRangeAxis(), style);
            if (cat.getRenderer() instanceof ErrorBarRenderer bars) {
                bars.setWhiskerPaint(style.text());
            }
        }
    }

    private static void styleAxis(Axis axis, ChartStyle style) {
        if (axis == null) {
            return;
        }
        axis.setLabelPaint(style.text());
        axis.setTickLabelPaint(style.axis());
        axis.setAxisLinePaint(style.axis());
        axis.setTickMarkPaint(style.axis());
    }

    private static void copyPaints(Axis from, Axis to) {
        to.setLabelPaint(from.getLabelPaint());
        to.setTickLabelPaint(from.getTickLabelPaint());
        to.setAxisLinePaint(from.getAxisLinePaint());
        to.setTickMarkPaint(from.getTickMarkPaint());
    }

    /** Switches the loss axis between linear and logarithmic. */
    public static void setLogScale(JFreeChart chart, boolean log) {
        XYPlot plot = chart.getXYPlot();
        ValueAxis old = plot.getRangeAxis();
        ValueAxis axis;
        if (log) {
            LogAxis logAxis = new LogAxis("training loss (log)");
            logAxis.setSmallestValue(1e-6);
            axis = logAxis;
        } else {
            NumberAxis linear = new NumberAxis("training loss");
            linear.setAutoRangeIncludesZero(false);
            axis = linear;
        }
        if (old != null) {
            // The new axis keeps the chart's style (light or dark).
            copyPaints(old, axis);
        }
        plot.setRangeAxis(axis);
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
        BarRenderer renderer = new ErrorBarRenderer();
        plot.setRenderer(renderer);
        renderer.setDefaultToolTipGenerator(new org.jfree.chart.labels.StandardCategoryToolTipGenerator());
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.02);
        for (int i = 0; i < dataset.getRowCount(); i++) {
            renderer.setSeriesPaint(i, palette.color(String.valueOf(dataset.getRowKey(i))));
        }
        chart.setAntiAlias(true);
        applyStyle(chart, ChartStyle.LIGHT);
        return chart;
    }
}
