package dev.lorabench.app.run;

import dev.lorabench.plan.ExperimentPlan;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The Losses &amp; errors tab: the live loss chart with its legend, smoothing and log scale, and
 * the class-error bars with their "Δ vs base" switch. Fed by the running experiment or a run from
 * the history.
 */
public final class ChartsViewModel {

    private final LossChartModel lossChart = new LossChartModel("Training loss");
    private final ClassErrorChartModel classErrors = new ClassErrorChartModel();
    private final ObservableList<String> seriesNames = FXCollections.observableArrayList();
    private final ObservableMap<String, String> seriesNotes = FXCollections.observableHashMap();
    // Read-only views, made once: views keep listeners on them.
    private final ObservableList<String> seriesNamesView = FXCollections.unmodifiableObservableList(seriesNames);
    private final ObservableMap<String, String> seriesNotesView = FXCollections.unmodifiableObservableMap(seriesNotes);
    private final Map<String, BooleanProperty> seriesVisible = new HashMap<>();
    private final DoubleProperty smoothing = new SimpleDoubleProperty(0);
    private final BooleanProperty logScale = new SimpleBooleanProperty(false);
    private final BooleanProperty deltaBars = new SimpleBooleanProperty(false);

    public ChartsViewModel() {
        smoothing.addListener((obs, was, now) -> lossChart.setSmoothing(clampBeta(now.doubleValue())));
        logScale.addListener((obs, was, now) -> lossChart.setLogScale(now));
        deltaBars.addListener((obs, was, now) -> classErrors.setDelta(now));
    }

    public LossChartModel lossChart() { return lossChart; }
    public ClassErrorChartModel classErrors() { return classErrors; }
    /** Loss series shown in the legend, in order of appearance. */
    public ObservableList<String> seriesNames() { return seriesNamesView; }
    /**
     * Notes on loss series for the legend, e.g. "lora-r2" → "diverged at step 12" (series without
     * a note are absent).
     */
    public ObservableMap<String, String> seriesNotes() { return seriesNotesView; }
    /** EMA β of the loss curves, 0 (raw) to 0.99. */
    public DoubleProperty smoothingProperty() { return smoothing; }
    public BooleanProperty logScaleProperty() { return logScale; }
    /** Class-error bars as the change against the base. */
    public BooleanProperty deltaBarsProperty() { return deltaBars; }

    /** Whether a loss series is drawn (legend check box). */
    public BooleanProperty seriesVisibleProperty(String name) {
        return seriesVisible.computeIfAbsent(name, n -> {
            BooleanProperty p = new SimpleBooleanProperty(lossChart.isVisible(n));
            p.addListener((obs, was, now) -> lossChart.setVisible(n, now));
            return p;
        });
    }

    /** Empties both charts for a new run of {@code plan}. */
    public void clear(ExperimentPlan plan) {
        lossChart.clear();
        lossChart.chart().setTitle(title(plan));
        classErrors.clear();
        seriesNames.clear();
        seriesNotes.clear();
    }

    /** Takes the legend's series and notes from the running experiment (its monitor fed the charts). */
    public void follow(RunMonitor monitor) {
        seriesNotes.putAll(monitor.notes());
        for (String name : monitor.series()) {
            if (!seriesNames.contains(name)) {
                seriesNames.add(name);
            }
        }
    }

    /** Redraws both charts from a finished run's record. */
    public void show(RunRecord record) {
        lossChart.load(record.curves());
        lossChart.chart().setTitle(title(record.result().plan()));
        classErrors.load(record.result());
        seriesNames.setAll(lossChart.seriesNames());
        seriesNotes.clear();
        for (var v : record.result().variants()) {
            if (v.diverged() || v.stoppedEarlyAfterEpoch() > 0) {
                seriesNotes.put(v.spec().name(), v.status());
            }
        }
    }

    /** The loss chart's title for a plan. */
    static String title(ExperimentPlan plan) {
        return "Training loss — " + plan.model().displayName() + " on " + plan.dataset().id();
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
        deltaBars.set(Boolean.parseBoolean(props.getProperty("chart.delta", "false")));
    }

    public void saveSettings(Properties props) {
        props.setProperty("chart.smoothing", String.valueOf(smoothing.get()));
        props.setProperty("chart.log", String.valueOf(logScale.get()));
        props.setProperty("chart.delta", String.valueOf(deltaBars.get()));
    }

    private static double clampBeta(double beta) {
        return Math.max(0, Math.min(0.99, beta));
    }
}
