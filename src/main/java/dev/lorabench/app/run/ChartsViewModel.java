package dev.lorabench.app.run;

import dev.lorabench.analysis.stats.BandKind;
import dev.lorabench.app.support.FrameThrottle;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Variant;
import dev.lorabench.train.VariantResult;
import dev.lorabench.report.ChartStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The Losses &amp; errors tab: two loss charts (the base's training, the variants' fine-tunes; one
 * shown at a time, the fine-tune's once it starts) with their legend, x axis, smoothing, log scale
 * and seed bands, and the class-error bars with their "Δ vs base" switch and series toggles. Fed
 * by the running experiment or a run from the history; drawn in the window's theme.
 */
public final class ChartsViewModel {

    private final LossChartModel baseLoss = new LossChartModel(LossPhase.BASE, "Base training loss");
    private final LossChartModel lossChart = new LossChartModel(LossPhase.FINE_TUNE, "Fine-tune loss");
    private final ClassErrorChartModel classErrors = new ClassErrorChartModel();
    private final ObservableList<String> seriesNames = FXCollections.observableArrayList();
    private final ObservableList<String> legendNames = FXCollections.observableArrayList();
    private final ObservableList<String> barNames = FXCollections.observableArrayList();
    private final ObservableMap<String, String> seriesNotes = FXCollections.observableHashMap();
    // Read-only views, made once: views keep listeners on them.
    private final ObservableList<String> seriesNamesView = FXCollections.unmodifiableObservableList(seriesNames);
    private final ObservableList<String> legendNamesView = FXCollections.unmodifiableObservableList(legendNames);
    private final ObservableList<String> barNamesView = FXCollections.unmodifiableObservableList(barNames);
    private final ObservableMap<String, String> seriesNotesView = FXCollections.unmodifiableObservableMap(seriesNotes);
    private final Map<String, BooleanProperty> seriesVisible = new HashMap<>();
    private final Map<String, BooleanProperty> barVisible = new HashMap<>();
    private final ObjectProperty<LossPhase> phase = new SimpleObjectProperty<>(LossPhase.FINE_TUNE);
    private final ObjectProperty<XAxisMode> axis = new SimpleObjectProperty<>(XAxisMode.STEP);
    private final ObjectProperty<BandKind> band = new SimpleObjectProperty<>(BandKind.MIN_MAX);
    private final ObjectProperty<ChartStyle> style = new SimpleObjectProperty<>(ChartStyle.LIGHT);
    private final DoubleProperty smoothing = new SimpleDoubleProperty(0);
    private final BooleanProperty logScale = new SimpleBooleanProperty(false);
    private final BooleanProperty deltaBars = new SimpleBooleanProperty(true);
    private final BooleanProperty onScreen = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper seeds = new ReadOnlyBooleanWrapper(false);
    private final FrameThrottle liveFrames;
    private boolean followedFineTune;

    /**
     * The least time between two redraws of the live loss chart (2 a second). Each redraw paints
     * the whole chart (in software where there is no GPU pipeline) on the cores that train; the
     * drains in between still take every event in, so progress, table and status stay current.
     */
    public static final long LIVE_FRAME_INTERVAL_NANOS = 500_000_000L;

    public ChartsViewModel() {
        this(System::nanoTime);
    }

    /** @param clock monotonic nanoseconds that pace the live chart's redraws; tests pass their own */
    public ChartsViewModel(LongSupplier clock) {
        liveFrames = new FrameThrottle(LIVE_FRAME_INTERVAL_NANOS, clock);
        smoothing.addListener((obs, was, now) -> each(m -> m.setSmoothing(clampBeta(now.doubleValue()))));
        logScale.addListener((obs, was, now) -> each(m -> m.setLogScale(now)));
        axis.addListener((obs, was, now) -> each(m -> m.setAxis(now == null ? XAxisMode.STEP : now)));
        band.addListener((obs, was, now) -> {
            BandKind b = now == null ? BandKind.MIN_MAX : now;
            each(m -> m.setBand(b));
            classErrors.setBand(b);
        });
        style.addListener((obs, was, now) -> {
            ChartStyle s = now == null ? ChartStyle.LIGHT : now;
            each(m -> m.setStyle(s));
            classErrors.setStyle(s);
        });
        deltaBars.addListener((obs, was, now) -> classErrors.setDelta(now));
        phase.addListener((obs, was, now) -> {
            refreshLegend();
            flushLive(); // the chart that comes into view draws what it deferred
        });
        onScreen.addListener((obs, was, now) -> flushLive());
        // Re-evaluations (adapter off, a loaded adapter) add or replace bars between runs too.
        classErrors.chart().addChangeListener(e -> refreshBars());
    }

    /** The fine-tune chart: the variants' curves (and their validation losses). */
    public LossChartModel lossChart() { return lossChart; }
    /** The base's training curve. */
    public LossChartModel baseLossChart() { return baseLoss; }
    public ClassErrorChartModel classErrors() { return classErrors; }
    /** Loss series of both charts, in order of appearance. */
    public ObservableList<String> seriesNames() { return seriesNamesView; }
    /** Loss series of the chart shown now: the legend's check boxes. */
    public ObservableList<String> legendNames() { return legendNamesView; }
    /** Series of the class-error bars ("base" first): their check boxes. */
    public ObservableList<String> barNames() { return barNamesView; }
    /**
     * Notes on loss series for the legend, e.g. "lora-r2" → "diverged at step 12" (series without
     * a note are absent).
     */
    public ObservableMap<String, String> seriesNotes() { return seriesNotesView; }
    /** Which loss chart is shown. */
    public ObjectProperty<LossPhase> phaseProperty() { return phase; }
    /** What the loss charts' x axis counts. */
    public ObjectProperty<XAxisMode> axisProperty() { return axis; }
    /** What bands and whiskers over several seeds span. */
    public ObjectProperty<BandKind> bandProperty() { return band; }
    /** The charts' colours (the window's theme); exports stay light. */
    public ObjectProperty<ChartStyle> styleProperty() { return style; }
    /** EMA β of the loss curves, 0 (raw) to 0.99. */
    public DoubleProperty smoothingProperty() { return smoothing; }
    public BooleanProperty logScaleProperty() { return logScale; }
    /** Class-error bars as the change against the base (the default) or as absolute errors. */
    public BooleanProperty deltaBarsProperty() { return deltaBars; }
    /**
     * Whether the loss charts can be seen (the view binds it to its tab being selected): while a
     * run is live, charts off screen draw nothing until they come back.
     */
    public BooleanProperty onScreenProperty() { return onScreen; }
    /** Whether something shows several seeds (a band or a whisker): the band choice matters then. */
    public ReadOnlyBooleanProperty seedsProperty() { return seeds.getReadOnlyProperty(); }

    /** Whether a loss series is drawn (legend check box). */
    public BooleanProperty seriesVisibleProperty(String name) {
        return seriesVisible.computeIfAbsent(name, n -> {
            LossChartModel chart = chartOf(n);
            BooleanProperty p = new SimpleBooleanProperty(chart.isVisible(n));
            p.addListener((obs, was, now) -> chartOf(n).setVisible(n, now));
            return p;
        });
    }

    /** Whether a series' class-error bars are drawn (its check box). */
    public BooleanProperty barVisibleProperty(String name) {
        return barVisible.computeIfAbsent(name, n -> {
            BooleanProperty p = new SimpleBooleanProperty(classErrors.isVisible(n));
            p.addListener((obs, was, now) -> classErrors.setVisible(n, now));
            return p;
        });
    }

    /** The loss chart that holds a series. */
    public LossChartModel chartOf(String series) {
        return LossPhase.BASE.holds(series) ? baseLoss : lossChart;
    }

    /** The loss chart shown now. */
    public LossChartModel shownLossChart() {
        return phase.get() == LossPhase.BASE ? baseLoss : lossChart;
    }

    /** Empties the charts for a new run of {@code plan}; the base's chart shows while the base trains. */
    public void clear(ExperimentPlan plan) {
        each(LossChartModel::clear);
        baseLoss.chart().setTitle(baseTitle(plan));
        lossChart.chart().setTitle(title(plan));
        classErrors.clear();
        seriesNames.clear();
        seriesNotes.clear();
        barNames.clear();
        followedFineTune = false;
        phase.set(plan.base().epochs() > 0 ? LossPhase.BASE : LossPhase.FINE_TUNE);
        refreshLegend();
        seeds.set(false);
    }

    /**
     * While a run is live (true) the loss charts defer their redraws to {@link #liveFrame()}, which
     * the view-model calls at every drain; when it ends (false) they draw what is pending.
     */
    public void setLive(boolean live) {
        each(m -> m.redraws().setDeferred(live));
        liveFrames.reset();
    }

    /** One drain's frame of a live run: draws the chart on screen if it has changes and a frame is due. */
    public void liveFrame() {
        if (livePending() && liveFrames.due()) {
            flushLive();
        }
    }

    /** Whether the chart on screen has deferred changes to draw. */
    public boolean livePending() {
        return onScreen.get() && shownLossChart().redraws().pending();
    }

    /**
     * Draws the deferred changes of the loss chart on screen, if any; the hidden one (and both while
     * the tab is not shown) keep theirs until they are shown. Returns whether it drew.
     */
    public boolean flushLive() {
        return onScreen.get() && shownLossChart().redraws().flush();
    }

    /** Takes the legend's series and notes from the running experiment (its monitor fed the charts). */
    public void follow(RunMonitor monitor) {
        seriesNotes.putAll(monitor.notes());
        for (String name : monitor.series()) {
            if (!seriesNames.contains(name)) {
                seriesNames.add(name);
            }
        }
        if (monitor.fineTuneStarted() && !followedFineTune) {
            // Once: the user may switch back to the base's chart while the fine-tune runs.
            followedFineTune = true;
            phase.set(LossPhase.FINE_TUNE);
        }
        refreshLegend();
        refreshBars();
    }

    /** Redraws the charts from a finished run's record: the fine-tune's chart shows if it has one. */
    public void show(RunRecord record) {
        ExperimentPlan plan = record.result().plan();
        // Colours and order from the run's own variants (not whichever run was live last).
        List<Variant> variants = record.result().variants().stream().map(VariantResult::spec).toList();
        each(m -> m.setVariants(variants));
        baseLoss.load(record.points(LossPhase.BASE), record.names(LossPhase.BASE));
        lossChart.load(record.points(LossPhase.FINE_TUNE), record.names(LossPhase.FINE_TUNE));
        each(m -> m.setBatchSize(plan.batchSize()));
        baseLoss.chart().setTitle(baseTitle(plan));
        lossChart.chart().setTitle(title(plan));
        classErrors.load(record.result());
        seriesNames.setAll(baseLoss.seriesNames());
        seriesNames.addAll(lossChart.seriesNames());
        seriesNotes.clear();
        for (var v : record.result().variants()) {
            if (v.diverged() || v.stoppedEarlyAfterEpoch() > 0) {
                seriesNotes.put(v.spec().name(), v.status());
            }
        }
        phase.set(record.result().variants().isEmpty() ? LossPhase.BASE : LossPhase.FINE_TUNE);
        refreshLegend();
        refreshBars();
    }

    /** What an export draws: the charts as shown now, as plain values. */
    public Exporter.View exportView() {
        Set<String> hidden = barNames.stream().filter(n -> !classErrors.isVisible(n)).collect(Collectors.toSet());
        return new Exporter.View(lossChart.snapshot(), baseLoss.snapshot(),
                new ClassErrorChartModel.Options(deltaBars.get(), band.get(), hidden));
    }

    /** The fine-tune chart's title for a plan. */
    static String title(ExperimentPlan plan) {
        return "Fine-tune loss — " + plan.model().displayName() + " on " + plan.dataset().id();
    }

    static String baseTitle(ExperimentPlan plan) {
        return "Base training loss — " + plan.model().displayName() + " on " + plan.dataset().id();
    }

    private void refreshLegend() {
        List<String> names = seriesNames.stream().filter(phase.get()::holds).toList();
        if (!names.equals(legendNames)) {
            legendNames.setAll(names);
        }
    }

    private void refreshBars() {
        List<String> names = classErrors.seriesNames();
        if (!names.equals(barNames)) {
            barNames.setAll(names);
        }
        seeds.set(lossChart.hasBands() || baseLoss.hasBands() || !classErrors.spreads().isEmpty());
    }

    private void each(java.util.function.Consumer<LossChartModel> action) {
        action.accept(baseLoss);
        action.accept(lossChart);
    }

    public void loadSettings(Properties props) {
        String beta = props.getProperty("chart.smoothing");
        if (beta != null) {
            try {
                smoothing.set(clampBeta(Double.parseDouble(beta)));
            } catch (NumberFormatException e) {
                // keep
            }
        }
        logScale.set(Boolean.parseBoolean(props.getProperty("chart.log", "false")));
        // A new key: Δ vs base is the new default, whatever the old "chart.delta" said.
        deltaBars.set(!"absolute".equals(props.getProperty("chart.bars", "delta")));
        axis.set(parse(XAxisMode.class, props.getProperty("chart.axis"), XAxisMode.STEP));
        band.set(parse(BandKind.class, props.getProperty("chart.band"), BandKind.MIN_MAX));
    }

    public void saveSettings(Properties props) {
        props.setProperty("chart.smoothing", String.valueOf(smoothing.get()));
        props.setProperty("chart.log", String.valueOf(logScale.get()));
        props.setProperty("chart.bars", deltaBars.get() ? "delta" : "absolute");
        props.setProperty("chart.axis", axis.get().name());
        props.setProperty("chart.band", band.get().name());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, E fallback) {
        if (name == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static double clampBeta(double beta) {
        return Math.max(0, Math.min(0.99, beta));
    }
}
