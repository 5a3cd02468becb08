package dev.lorabench.app.run;

import dev.lorabench.plan.Variant;
import dev.lorabench.report.Charts;
import dev.lorabench.report.SeriesPalette;
import dev.lorabench.train.LossPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The live loss chart's data: one {@link LossHistory} per series (the truth) and the JFreeChart
 * series drawn from it (smoothed). Not a JavaFX node; call from one thread (the FX thread in the
 * app). A batch of points causes one chart redraw.
 */
public final class LossChartModel {

    /** At most about this many points of a series are drawn; longer histories are thinned. */
    static final int MAX_DRAWN = 2000;

    /** One new loss value of a series. */
    public record Point(String series, double step, double loss) {}

    private final XYSeriesCollection dataset = new XYSeriesCollection();
    private final JFreeChart chart;
    private final Map<String, LossHistory> histories = new LinkedHashMap<>();
    private final Map<String, Ema> emas = new HashMap<>();
    private final Map<String, Integer> strides = new HashMap<>();
    private final Map<String, Boolean> visible = new HashMap<>();
    private double beta;
    private boolean logScale;
    private SeriesPalette palette = SeriesPalette.empty();

    public LossChartModel(String title) {
        chart = Charts.lossChart(title, dataset, false);
        // The view's legend check boxes show the names and colours (and hide/show series).
        chart.getLegend().setVisible(false);
    }

    public JFreeChart chart() {
        return chart;
    }

    /** Names the run's variants, whose series the chart colours and orders (set before their points arrive). */
    public void setVariants(List<? extends Variant> variants) {
        palette = SeriesPalette.of(variants);
        restyle();
    }

    /** A series' colour as CSS hex, for legends. */
    public String hex(String series) {
        return palette.hex(series);
    }

    public XYSeriesCollection dataset() {
        return dataset;
    }

    /** Series names in the order they appeared. */
    public List<String> seriesNames() {
        return new ArrayList<>(histories.keySet());
    }

    public LossHistory history(String name) {
        return histories.get(name);
    }

    /** Points drawn for a series (0 if it has none). */
    public int pointCount(String name) {
        int i = dataset.getSeriesIndex(name);
        return i < 0 ? 0 : dataset.getSeries(i).getItemCount();
    }

    public double smoothing() {
        return beta;
    }

    public boolean isLogScale() {
        return logScale;
    }

    public boolean isVisible(String name) {
        return visible.getOrDefault(name, true);
    }

    /** Removes every series. */
    public void clear() {
        chart.setNotify(false);
        try {
            dataset.removeAllSeries();
            histories.clear();
            emas.clear();
            strides.clear();
        } finally {
            chart.setNotify(true);
        }
    }

    /**
     * Appends a batch of points; returns the names of series the batch created. The chart redraws
     * once, at the end.
     */
    public List<String> append(List<Point> points) {
        if (points.isEmpty()) {
            return List.of();
        }
        List<String> created = new ArrayList<>();
        chart.setNotify(false);
        // One dataset event per batch: every event makes the plot rescan all points for its axes.
        dataset.setNotify(false);
        try {
            for (Point p : points) {
                XYSeries series = seriesFor(p.series(), created);
                LossHistory history = histories.get(p.series());
                history.add(p.step(), p.loss());
                double smoothed = emas.get(p.series()).next(p.loss());
                int stride = strides.getOrDefault(p.series(), 1);
                if ((history.size() - 1) % stride == 0) {
                    series.add(p.step(), smoothed, false);
                    if (series.getItemCount() > MAX_DRAWN) {
                        // Halve what is drawn; the full history stays in LossHistory.
                        strides.put(p.series(), stride * 2);
                        redraw(history, series);
                    }
                }
            }
            if (!created.isEmpty()) {
                restyle();
            }
        } finally {
            dataset.setNotify(true);
            chart.setNotify(true);
        }
        return created;
    }

    /** Replaces everything with finished curves (name → points), e.g. a run from the history. */
    public void load(Map<String, List<LossPoint>> curves) {
        clear();
        List<Point> points = new ArrayList<>();
        curves.forEach((name, list) -> list.forEach(p -> points.add(new Point(name, p.step(), p.loss()))));
        // Series with no points still get a (empty) series so legends stay complete.
        chart.setNotify(false);
        try {
            List<String> created = new ArrayList<>();
            curves.keySet().forEach(name -> seriesFor(name, created));
        } finally {
            chart.setNotify(true);
        }
        append(points);
        restyle();
    }

    /** Sets the EMA β (0 = raw) and redraws every series from its history. */
    public void setSmoothing(double beta) {
        new Ema(beta); // validates
        if (beta == this.beta) {
            return;
        }
        this.beta = beta;
        rebuild();
    }

    public void setLogScale(boolean log) {
        if (log == logScale) {
            return;
        }
        logScale = log;
        Charts.setLogScale(chart, log);
    }

    public void setVisible(String name, boolean show) {
        visible.put(name, show);
        int i = dataset.getSeriesIndex(name);
        if (i >= 0) {
            chart.getXYPlot().getRenderer().setSeriesVisible(i, show);
        }
    }

    /** Visible series as (step, smoothed loss) points, for exports built off the FX thread. */
    public Map<String, double[][]> snapshot() {
        Map<String, double[][]> curves = new LinkedHashMap<>();
        histories.forEach((name, h) -> {
            if (isVisible(name)) {
                curves.put(name, h.smoothedPoints(beta));
            }
        });
        return curves;
    }

    private XYSeries seriesFor(String name, List<String> created) {
        int i = dataset.getSeriesIndex(name);
        if (i >= 0) {
            return dataset.getSeries(i);
        }
        XYSeries series = new XYSeries(name, false, true);
        dataset.addSeries(series);
        histories.put(name, new LossHistory(name));
        emas.put(name, new Ema(beta));
        created.add(name);
        return series;
    }

    private void rebuild() {
        chart.setNotify(false);
        dataset.setNotify(false);
        try {
            for (LossHistory h : histories.values()) {
                XYSeries series = dataset.getSeries(dataset.getSeriesIndex(h.name()));
                int stride = 1;
                while (h.size() / stride > MAX_DRAWN) {
                    stride *= 2;
                }
                strides.put(h.name(), stride);
                redraw(h, series);
            }
        } finally {
            dataset.setNotify(true);
            chart.setNotify(true);
        }
    }

    /**
     * Refills a series from its history: the EMA runs over every point, every stride-th smoothed
     * point is drawn. Redraw cost stays bounded however long the run (at most ~MAX_DRAWN points
     * a series), which keeps the FX thread's frames short.
     */
    private void redraw(LossHistory h, XYSeries series) {
        int stride = strides.getOrDefault(h.name(), 1);
        series.clear();
        Ema ema = new Ema(beta);
        for (int i = 0; i < h.size(); i++) {
            double smoothed = ema.next(h.loss(i));
            if (i % stride == 0) {
                series.add(h.step(i), smoothed, false);
            }
        }
        emas.put(h.name(), ema);
    }

    private void restyle() {
        Charts.colourSeries(chart, palette);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            String name = String.valueOf(dataset.getSeriesKey(i));
            chart.getXYPlot().getRenderer().setSeriesVisible(i, isVisible(name));
        }
    }
}
