package dev.lorabench.app.run;

import dev.lorabench.analysis.stats.BandKind;
import dev.lorabench.plan.Variant;
import dev.lorabench.report.ChartStyle;
import dev.lorabench.report.Charts;
import dev.lorabench.report.LossCurve;
import dev.lorabench.report.SeriesPalette;
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
import org.jfree.data.xy.YIntervalDataItem;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * One live loss chart's data: per series a {@link SeedCurves} (the truth, every seed) and the
 * JFreeChart series drawn from it (smoothed, on the chosen x axis; a mean line and a band once a
 * second seed has data). Not a JavaFX node; call from one thread (the FX thread in the app). A
 * batch of points causes one chart redraw, or, while {@linkplain #redraws() redraws} are deferred
 * (a run is live), none until they are flushed: the data is always current, only the drawing waits.
 */
public final class LossChartModel {

    /** At most about this many points of a series are drawn; longer histories are thinned. */
    static final int MAX_DRAWN = 2000;

    /**
     * One new loss value of a series.
     *
     * @param seed the seed index (0: the run's own seed)
     * @param seconds seconds since the series' training started when the loss arrived (NaN: not known)
     */
    public record Point(String series, int seed, double step, double seconds, double loss) {

        /** A loss of seed 0 whose arrival time is not known. */
        public Point(String series, double step, double loss) {
            this(series, 0, step, Double.NaN, loss);
        }
    }

    /** What the chart shows now, as plain values: what an export draws off the FX thread. */
    public record Snapshot(String title, String xLabel, boolean logScale, List<LossCurve> curves) {}

    private final LossPhase phase;
    private final XYSeriesCollection dataset = new XYSeriesCollection();
    private final JFreeChart chart;
    private final YIntervalSeriesCollection bands;
    private final Map<String, SeedCurves> curves = new LinkedHashMap<>();
    private final Map<String, Ema> emas = new HashMap<>();
    private final Map<String, Integer> strides = new HashMap<>();
    private final Map<String, Boolean> visible = new HashMap<>();
    private double beta;
    private boolean logScale;
    private XAxisMode axis = XAxisMode.STEP;
    private BandKind band = BandKind.MIN_MAX;
    private int batchSize = 1;
    private ChartStyle style = ChartStyle.LIGHT;
    private SeriesPalette palette = SeriesPalette.empty();
    private final ChartRedraws redraws;

    /** A fine-tune chart with this title. */
    public LossChartModel(String title) {
        this(LossPhase.FINE_TUNE, title);
    }

    public LossChartModel(LossPhase phase, String title) {
        this.phase = phase;
        chart = Charts.lossChart(title, dataset, false);
        bands = Charts.bands(chart);
        // The view's legend check boxes show the names and colours (and hide/show series).
        chart.getLegend().setVisible(false);
        chart.getXYPlot().getDomainAxis().setLabel(axis.axisLabel(phase));
        redraws = new ChartRedraws(chart);
    }

    public JFreeChart chart() { return chart; }

    /** When the chart redraws: deferred while a run is live, drawn a few times a second. */
    public ChartRedraws redraws() { return redraws; }

    /** Names the run's variants, whose series the chart colours and orders (set before their points arrive). */
    public void setVariants(List<? extends Variant> variants) {
        palette = SeriesPalette.of(variants);
        restyle();
    }

    /** A series' colour as CSS hex, for legends (in the chart's style). */
    public String hex(String series) { return palette.forStyle(style).hex(series); }

    /** The lines: one series per curve (the mean where several seeds ran). */
    public XYSeriesCollection dataset() { return dataset; }

    /** The bands: one series (x, mean, low, high) per curve that more than one seed has data for. */
    public YIntervalSeriesCollection bands() { return bands; }

    /** Series names in the order they appeared. */
    public List<String> seriesNames() { return new ArrayList<>(curves.keySet()); }

    /** Seed 0's history of a series (the first seed's if it has no seed 0), or null. */
    public LossHistory history(String name) {
        SeedCurves c = curves.get(name);
        if (c == null) {
            return null;
        }
        LossHistory own = c.seed(0);
        return own != null ? own : c.first();
    }

    /** Every seed's history of a series, or null. */
    public SeedCurves curves(String name) { return curves.get(name); }

    /** Whether some series has more than one seed (and so a band). */
    public boolean hasBands() { return bands.getSeriesCount() > 0; }

    /** Points drawn for a series (0 if it has none). */
    public int pointCount(String name) {
        int i = dataset.getSeriesIndex(name);
        return i < 0 ? 0 : dataset.getSeries(i).getItemCount();
    }

    public double smoothing() { return beta; }

    public boolean isLogScale() { return logScale; }

    public XAxisMode axis() { return axis; }

    public boolean isVisible(String name) { return visible.getOrDefault(name, true); }

    /** Removes every series. */
    public void clear() {
        chart.setNotify(false);
        try {
            dataset.removeAllSeries();
            bands.removeAllSeries();
            curves.clear();
            emas.clear();
            strides.clear();
        } finally {
            redraws.resume();
        }
    }

    /**
     * Appends a batch of points; returns the names of series the batch created. The chart redraws
     * once, at the end. A series of one seed grows point by point; one of several seeds is redrawn
     * once per batch (its mean and band at a step change as each seed arrives there).
     */
    public List<String> append(List<Point> points) {
        if (points.isEmpty()) {
            return List.of();
        }
        List<String> created = new ArrayList<>();
        Set<String> banded = new LinkedHashSet<>();
        chart.setNotify(false);
        // One dataset event per batch: every event makes the plot rescan all points for its axes.
        dataset.setNotify(false);
        bands.setNotify(false);
        try {
            for (Point p : points) {
                XYSeries series = seriesFor(p.series(), created);
                SeedCurves c = curves.get(p.series());
                LossHistory history = c.add(p.seed(), p.step(), p.seconds(), p.loss());
                if (c.banded()) {
                    banded.add(p.series());
                    continue;
                }
                double smoothed = emas.get(p.series()).next(p.loss());
                int stride = strides.getOrDefault(p.series(), 1);
                double x = axis.x(p.step(), p.seconds(), batchSize);
                if ((history.size() - 1) % stride == 0 && !Double.isNaN(x)) {
                    series.add(x, smoothed, false);
                    if (series.getItemCount() > MAX_DRAWN) {
                        // Halve what is drawn; the full history stays in LossHistory.
                        strides.put(p.series(), stride * 2);
                        redraw(p.series());
                    }
                }
            }
            banded.forEach(this::redraw);
            if (!created.isEmpty() || !banded.isEmpty()) {
                restyle();
            }
        } finally {
            bands.setNotify(true);
            dataset.setNotify(true);
            redraws.resume();
        }
        return created;
    }

    /** Replaces everything with finished curves, e.g. a run from the history. */
    public void load(List<Point> points, List<String> names) {
        clear();
        // Series with no points still get a (empty) series so legends stay complete.
        chart.setNotify(false);
        try {
            List<String> created = new ArrayList<>();
            names.forEach(name -> seriesFor(name, created));
        } finally {
            redraws.resume();
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

    /** Sets what x counts and redraws every series. */
    public void setAxis(XAxisMode axis) {
        if (axis == this.axis) {
            return;
        }
        this.axis = axis;
        chart.getXYPlot().getDomainAxis().setLabel(axis.axisLabel(phase));
        rebuild();
    }

    /** The batch size that turns steps into samples seen (from the run's plan). */
    public void setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1 but was " + batchSize);
        }
        if (batchSize == this.batchSize) {
            return;
        }
        this.batchSize = batchSize;
        if (axis == XAxisMode.SAMPLES) {
            rebuild();
        }
    }

    /** Sets what the bands of several seeds span and redraws them. */
    public void setBand(BandKind band) {
        if (band == this.band) {
            return;
        }
        this.band = band;
        rebuild();
    }

    public void setLogScale(boolean log) {
        if (log == logScale) {
            return;
        }
        logScale = log;
        Charts.setLogScale(chart, log);
    }

    /** Paints the chart for the window's theme (series colours included). */
    public void setStyle(ChartStyle style) {
        this.style = style;
        chart.setNotify(false);
        try {
            Charts.applyStyle(chart, style);
            restyle();
        } finally {
            redraws.resume();
        }
    }

    public void setVisible(String name, boolean show) {
        visible.put(name, show);
        int i = dataset.getSeriesIndex(name);
        if (i >= 0) {
            chart.getXYPlot().getRenderer().setSeriesVisible(i, show);
        }
        int b = bandIndex(name);
        if (b >= 0) {
            chart.getXYPlot().getRenderer(Charts.BAND_DATASET).setSeriesVisible(b, show);
        }
    }

    /** The visible curves, unthinned, with the title, axis and scale: what an export draws. */
    public Snapshot snapshot() {
        List<LossCurve> drawn = new ArrayList<>();
        curves.forEach((name, c) -> {
            if (isVisible(name) && c.seedCount() > 0) {
                drawn.add(c.draw(beta, axis, batchSize, band, 1));
            }
        });
        return new Snapshot(chart.getTitle() == null ? "" : chart.getTitle().getText(), axis.axisLabel(phase),
                logScale, drawn);
    }

    private XYSeries seriesFor(String name, List<String> created) {
        int i = dataset.getSeriesIndex(name);
        if (i >= 0) {
            return dataset.getSeries(i);
        }
        XYSeries series = new XYSeries(name, false, true);
        dataset.addSeries(series);
        curves.put(name, new SeedCurves(name));
        emas.put(name, new Ema(beta));
        created.add(name);
        return series;
    }

    private void rebuild() {
        chart.setNotify(false);
        dataset.setNotify(false);
        bands.setNotify(false);
        try {
            for (String name : curves.keySet()) {
                strides.put(name, 1);
                redraw(name);
            }
        } finally {
            bands.setNotify(true);
            dataset.setNotify(true);
            redraws.resume();
        }
    }

    /**
     * Refills a series from its curves. One seed: the EMA runs over every point, every stride-th
     * smoothed point is drawn, and the EMA is kept to continue with new points. Several seeds: the
     * mean and band, every stride-th step. Redraw cost stays bounded however long the run (at most
     * ~MAX_DRAWN points a series), which keeps the FX thread's frames short.
     */
    private void redraw(String name) {
        SeedCurves c = curves.get(name);
        XYSeries series = dataset.getSeries(dataset.getSeriesIndex(name));
        series.clear();
        if (c.seedCount() == 0) {
            return;
        }
        int stride = strides.getOrDefault(name, 1);
        while (c.longest() / stride > MAX_DRAWN) {
            stride *= 2;
        }
        strides.put(name, stride);
        if (c.banded()) {
            LossCurve drawn = c.draw(beta, axis, batchSize, band, stride);
            int b = bandIndex(name);
            YIntervalSeries interval;
            if (b >= 0) {
                interval = bands.getSeries(b);
                interval.clear();
            } else {
                interval = new YIntervalSeries(name, false, true);
                bands.addSeries(interval);
            }
            for (int i = 0; i < drawn.x().length; i++) {
                series.add(drawn.x()[i], drawn.y()[i], false);
                interval.add(new YIntervalDataItem(drawn.x()[i], drawn.y()[i], drawn.low()[i], drawn.high()[i]), false);
            }
            return;
        }
        LossHistory h = c.first();
        Ema ema = new Ema(beta);
        for (int i = 0; i < h.size(); i++) {
            double smoothed = ema.next(h.loss(i));
            double x = axis.x(h.step(i), h.seconds(i), batchSize);
            if (i % stride == 0 && !Double.isNaN(x)) {
                series.add(x, smoothed, false);
            }
        }
        emas.put(name, ema);
    }

    private int bandIndex(String name) {
        for (int i = 0; i < bands.getSeriesCount(); i++) {
            if (name.equals(bands.getSeriesKey(i))) {
                return i;
            }
        }
        return -1;
    }

    private void restyle() {
        Charts.colourSeries(chart, palette.forStyle(style));
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            String name = String.valueOf(dataset.getSeriesKey(i));
            chart.getXYPlot().getRenderer().setSeriesVisible(i, isVisible(name));
        }
        for (int i = 0; i < bands.getSeriesCount(); i++) {
            String name = String.valueOf(bands.getSeriesKey(i));
            chart.getXYPlot().getRenderer(Charts.BAND_DATASET).setSeriesVisible(i, isVisible(name));
        }
    }
}
