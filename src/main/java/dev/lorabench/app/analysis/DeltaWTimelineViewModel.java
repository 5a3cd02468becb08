package dev.lorabench.app.analysis;

import dev.lorabench.analysis.DeltaWTimeline;
import dev.lorabench.analysis.LayerTimeline;
import dev.lorabench.analysis.SpectrumSample;
import dev.lorabench.analysis.VariantTimeline;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.report.DeltaWTimelineCharts;
import dev.lorabench.train.DirectionAblation;
import dev.lorabench.train.DirectionEffect;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunResult;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;

/**
 * The "ΔW over time" tab (ADR 0028): a LoRA variant's layer, scrubbed over the steps its ΔW was
 * sampled at (spectrum at the step against the final one; ranks and φ over the steps), and "remove
 * direction i" of its final ΔW, re-evaluated in the background: which classes that direction moves.
 * Removal requests are coalesced: while one evaluates, only the newest waiting one runs next, and an
 * answer for a selection no longer shown is dropped. Use from the FX thread.
 */
public final class DeltaWTimelineViewModel {

    /** What the tab says when the run sampled no ΔW. */
    public static final String NONE = "This run sampled no ΔW over time (it has no LoRA variant that finished)";

    private final TaskExecutor tasks;
    private final ObservableList<String> variants = FXCollections.observableArrayList();
    private final ObservableList<String> variantsView = FXCollections.unmodifiableObservableList(variants);
    private final ObjectProperty<String> variant = new SimpleObjectProperty<>();
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObservableList<String> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObjectProperty<String> layer = new SimpleObjectProperty<>();
    private final IntegerProperty stepIndex = new SimpleIntegerProperty(0);
    private final ReadOnlyIntegerWrapper stepCount = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper stepText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<JFreeChart> spectrumChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JFreeChart> ranksChart = new ReadOnlyObjectWrapper<>();
    private final ObservableList<DirectionChoice> directions = FXCollections.observableArrayList();
    private final ObservableList<DirectionChoice> directionsView = FXCollections.unmodifiableObservableList(directions);
    private final ObjectProperty<DirectionChoice> direction = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<DirectionEffect> effect = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JFreeChart> effectChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper effectText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper computing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("Select a finished run");
    private RunResult result;
    /** The removal evaluating now, and the newest one asked for meanwhile (null: none). */
    private Removal running;
    private Removal waiting;

    /** One removal to evaluate: what the selection was when it was asked for. */
    private record Removal(RunArtifacts artifacts, VariantTimeline variant, String layer, DirectionChoice direction) {}

    DeltaWTimelineViewModel(TaskExecutor tasks) {
        this.tasks = tasks;
        variant.addListener((obs, was, now) -> showVariant());
        layer.addListener((obs, was, now) -> showLayer());
        stepIndex.addListener((obs, was, now) -> showStep());
        direction.addListener((obs, was, now) -> remove());
    }

    /** The LoRA variants whose ΔW was sampled, in run order. */
    public ObservableList<String> variants() { return variantsView; }
    public ObjectProperty<String> variantProperty() { return variant; }
    /** The chosen variant's adapted layers. */
    public ObservableList<String> layers() { return layersView; }
    public ObjectProperty<String> layerProperty() { return layer; }
    /** The shown sample's index, 0 … {@link #stepCountProperty()} − 1 (clamped). */
    public IntegerProperty stepIndexProperty() { return stepIndex; }
    /** How many steps were sampled for the chosen layer. */
    public ReadOnlyIntegerProperty stepCountProperty() { return stepCount.getReadOnlyProperty(); }
    /** The shown step's numbers, one line. */
    public ReadOnlyStringProperty stepTextProperty() { return stepText.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<JFreeChart> spectrumChartProperty() { return spectrumChart.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<JFreeChart> ranksChartProperty() { return ranksChart.getReadOnlyProperty(); }
    /** The directions of the chosen layer's final ΔW, σ descending. */
    public ObservableList<DirectionChoice> directions() { return directionsView; }
    /** The direction to remove (null: none; choosing one starts its evaluation). */
    public ObjectProperty<DirectionChoice> directionProperty() { return direction; }
    /** The last removal's effect, for the chosen direction (null while none is shown). */
    public ReadOnlyObjectProperty<DirectionEffect> effectProperty() { return effect.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<JFreeChart> effectChartProperty() { return effectChart.getReadOnlyProperty(); }
    /** What the removal did, or why there is none, one line. */
    public ReadOnlyStringProperty effectTextProperty() { return effectText.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty computingProperty() { return computing.getReadOnlyProperty(); }
    /** Why the tab is empty, or "" when it shows a layer. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }

    /** Shows a run (null: none), on its first variant's first layer at the fine-tune's end. */
    void load(RunRecord record) {
        result = record == null ? null : record.result();
        waiting = null;
        DeltaWTimeline timeline = result == null ? DeltaWTimeline.EMPTY : result.deltaWTimeline();
        variant.set(null);
        variants.setAll(timeline.variants().stream().map(VariantTimeline::name).toList());
        note.set(result == null ? "Select a finished run" : timeline.isEmpty() ? NONE : "");
        if (!variants.isEmpty()) {
            variant.set(variants.get(0));
        }
    }

    /** The chosen variant's timeline, or null. */
    VariantTimeline shownVariant() {
        return result == null || variant.get() == null ? null : result.deltaWTimeline().variant(variant.get());
    }

    /** The chosen layer's timeline, or null. */
    LayerTimeline shownLayer() {
        VariantTimeline v = shownVariant();
        return v == null || layer.get() == null ? null : v.layer(layer.get());
    }

    /** The sample at the chosen step, or null. */
    SpectrumSample shownSample() {
        LayerTimeline l = shownLayer();
        return l == null ? null : l.samples().get(Math.max(0, Math.min(stepIndex.get(), l.samples().size() - 1)));
    }

    /** The run shown (null: none). */
    RunResult result() {
        return result;
    }

    private void showVariant() {
        VariantTimeline v = shownVariant();
        String keep = layer.get();
        layer.set(null);
        layers.setAll(v == null ? List.of() : v.layers().stream().map(LayerTimeline::path).toList());
        if (!layers.isEmpty()) {
            layer.set(layers.contains(keep) ? keep : layers.get(0));
        }
    }

    private void showLayer() {
        LayerTimeline l = shownLayer();
        direction.set(null);
        if (l == null) {
            directions.clear();
            stepCount.set(0);
            spectrumChart.set(null);
            ranksChart.set(null);
            stepText.set("");
            return;
        }
        SpectrumSample end = l.last();
        directions.setAll(IntStream.range(0, end.size()).mapToObj(i -> new DirectionChoice(i, end.sigma(i))).toList());
        effectText.set(directions.isEmpty() ? "The final ΔW of this layer is 0: no direction to remove"
                : result.artifacts() == null ? "This run kept no adapters to re-evaluate" : "");
        stepCount.set(l.samples().size());
        if (stepIndex.get() == l.samples().size() - 1) {
            showStep();
        } else {
            stepIndex.set(l.samples().size() - 1); // the end: what the ΔW lab shows
        }
    }

    private void showStep() {
        LayerTimeline l = shownLayer();
        if (l == null) {
            return;
        }
        int i = Math.max(0, Math.min(stepIndex.get(), l.samples().size() - 1));
        if (i != stepIndex.get()) {
            stepIndex.set(i);
            return;
        }
        SpectrumSample s = l.samples().get(i);
        VariantTimeline v = shownVariant();
        int lastStep = l.last().step();
        stepText.set(String.format(Locale.ROOT,
                "step %d of %d (sample %d/%d) · σ₁ %s · effective rank %.2f · 90 %% energy rank %d · φ input %.2f · φ output %.2f",
                s.step(), lastStep, i + 1, l.samples().size(), s.size() == 0 ? "—" : String.format(Locale.ROOT, "%.4g", s.sigma(0)),
                s.effectiveRank(), s.energyRank90(), s.phiInput(), s.phiOutput()));
        spectrumChart.set(DeltaWTimelineCharts.spectrumAt(v, l, s));
        ranksChart.set(DeltaWTimelineCharts.ranksOverSteps(v, l, s.step()));
    }

    private Removal selection() {
        VariantTimeline v = shownVariant();
        if (result == null || result.artifacts() == null || v == null || layer.get() == null || direction.get() == null) {
            return null;
        }
        return new Removal(result.artifacts(), v, layer.get(), direction.get());
    }

    private void remove() {
        effect.set(null);
        effectChart.set(null);
        Removal r = selection();
        if (r == null) {
            waiting = null;
            return;
        }
        effectText.set("re-evaluating " + r.variant().name() + " without " + r.direction() + " of layer " + r.layer() + "…");
        if (running != null) {
            waiting = r; // the newest replaces any other waiting one
        } else {
            start(r);
        }
    }

    private void start(Removal r) {
        running = r;
        BackgroundTask.wrap(() -> DirectionAblation.remove(r.artifacts(), r.variant().variant(), r.layer(), r.direction().index()))
                .onRunning(() -> computing.set(true))
                .onFinished(() -> {
                    running = null;
                    Removal next = waiting;
                    waiting = null;
                    if (next != null && next.equals(selection())) {
                        start(next);
                    } else {
                        computing.set(false);
                    }
                })
                .onSuccess(e -> {
                    if (r.equals(selection())) {
                        show(r, e);
                    }
                })
                .onFailure(error -> {
                    if (r.equals(selection())) {
                        effectText.set("Re-evaluation failed: " + error.getMessage());
                    }
                })
                .executeWith(tasks);
    }

    private void show(Removal r, DirectionEffect e) {
        effect.set(e);
        String what = r.direction() + " of layer " + r.layer();
        if (e.own().isRegression()) {
            effectText.set(String.format(Locale.ROOT, "Without %s: test MSE %.5g → %.5g", what, e.own().mse(), e.without().mse()));
            return;
        }
        int added = e.deltaErrors().stream().mapToInt(Integer::intValue).sum();
        effectText.set(String.format(Locale.ROOT, "Without %s: %d → %d test errors (%+d)", what,
                e.own().totalErrors(), e.without().totalErrors(), added));
        effectChart.set(DeltaWTimelineCharts.directionEffect(r.variant(), what, result.classNames(), e.deltaErrors()));
    }
}
