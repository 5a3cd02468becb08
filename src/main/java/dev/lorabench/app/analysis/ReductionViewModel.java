package dev.lorabench.app.analysis;

import dev.lorabench.analysis.IntruderProfile;
import dev.lorabench.analysis.IntruderReduction;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.LatestWins;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.report.Charts;
import dev.lorabench.report.RunReport;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunInspector;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;

/**
 * The Intruders tab's λ slider: PEFT's intruder reduction ({@code reduce_intruder_dimension}) of
 * a LoRA variant's adapter on every layer, at the tab's k and ε, with the share λ of each intruder
 * direction removed (0: the adapter itself), re-evaluated on the test set. The result replaces the
 * variant's class-error bars (through {@link AdapterViewModel}, as its off/merged re-evaluations do)
 * and fills this view's own bar chart. Slider moves are coalesced: one evaluation runs at a time,
 * and when it ends the latest position is evaluated if it moved meanwhile.
 */
public final class ReductionViewModel {

    /** What one evaluation is for. */
    record Request(String variant, int k, double epsilon, double removed) {}

    private record Prepared(String variant, int k, double epsilon, IntruderReduction reduction) {}

    private record Reduced(Request request, Evaluation evaluation, int intruders) {}

    private final TaskExecutor tasks;
    private final AdapterViewModel adapters;
    private final IntruderViewModel intruders;
    private final LatestWins selection = new LatestWins();
    private final ObservableList<String> variants = FXCollections.observableArrayList();
    private final ObjectProperty<String> variant = new SimpleObjectProperty<>();
    private final DoubleProperty removed = new SimpleDoubleProperty(0);
    private final ReadOnlyBooleanWrapper reducing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<JFreeChart> chart = new ReadOnlyObjectWrapper<>();
    // What the shown chart was drawn from, so an export draws a fresh light copy.
    private java.util.function.Supplier<JFreeChart> redraw = () -> null;
    private final ObservableList<String> variantsView = FXCollections.unmodifiableObservableList(variants);
    // The last prepared reduction (one dense SVD per layer with intruders), read and written by the worker.
    private final AtomicReference<Prepared> prepared = new AtomicReference<>();
    private RunRecord run;
    private Request pending;
    private Request lastShown;
    private boolean loading;

    ReductionViewModel(TaskExecutor tasks, AdapterViewModel adapters, IntruderViewModel intruders) {
        this.tasks = tasks;
        this.adapters = adapters;
        this.intruders = intruders;
        removed.addListener((obs, was, now) -> request());
        variant.addListener((obs, was, now) -> {
            lastShown = null;
            chart.set(null);
            if (removed.get() > 0) {
                request();
            }
        });
        intruders.kProperty().addListener((obs, was, now) -> requestIfShown());
        intruders.epsilonProperty().addListener((obs, was, now) -> requestIfShown());
    }

    /** The shown run's LoRA variants whose update is s·B·A (LoRA, rsLoRA, LoRA+), which PEFT's reduction refits. */
    public ObservableList<String> variants() { return variantsView; }
    public ObjectProperty<String> variantProperty() { return variant; }
    /** λ: the share of each intruder direction removed, 0..1 (0: the adapter as trained). */
    public DoubleProperty removedProperty() { return removed; }
    public ReadOnlyBooleanProperty reducingProperty() { return reducing.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
    /** Test errors per class: base, the variant as trained, the variant reduced. */
    public ReadOnlyObjectProperty<JFreeChart> chartProperty() { return chart.getReadOnlyProperty(); }

    /** Shows a run (null: none); an evaluation under way for the last one is dropped. */
    void load(RunRecord record) {
        selection.supersede();
        run = record;
        prepared.set(null);
        pending = null;
        lastShown = null;
        reducing.set(false);
        chart.set(null);
        redraw = () -> null;
        RunResult r = record == null ? null : record.result();
        List<String> names = r == null || r.artifacts() == null || r.section7().isEmpty() ? List.of()
                : r.artifacts().factors().keySet().stream().filter(v -> v.method().addsToFrozenBase())
                        .map(LoraVariant::name).filter(n -> !intruders.profilesOf(n).isEmpty()).toList();
        loading = true;
        variants.setAll(names);
        variant.set(names.isEmpty() ? null : names.get(0));
        removed.set(0);
        loading = false;
        note.set(r == null ? "" : names.isEmpty() ? "No LoRA variant with intruder findings to reduce"
                : "Move λ to remove that share of each intruder direction from W + ΔW and re-evaluate");
    }

    private void requestIfShown() {
        if (lastShown != null || reducing.get()) {
            request();
        }
    }

    /** Asks for the evaluation at the current controls; coalesced with one that is running. */
    void request() {
        String v = variant.get();
        if (loading || run == null || v == null || run.result().artifacts() == null) {
            return;
        }
        pending = new Request(v, intruders.kProperty().get(), intruders.epsilonProperty().get(),
                Math.max(0, Math.min(1, removed.get())));
        if (!reducing.get()) {
            startPending();
        }
    }

    private void startPending() {
        Request r = pending;
        pending = null;
        if (r == null || r.equals(lastShown)) {
            return;
        }
        RunResult result = run.result();
        RunArtifacts artifacts = result.artifacts();
        LoraVariant lora = artifacts.loraVariant(r.variant());
        Map<String, LoraFactors> factors = artifacts.factors().get(lora);
        Map<String, IntruderProfile> profiles = intruders.profilesOf(r.variant());
        reducing.set(true);
        note.set(String.format(Locale.ROOT, "evaluating %s with %.0f %% of its intruders removed…", r.variant(),
                100 * r.removed()));
        BackgroundTask.wrap(() -> {
                    IntruderReduction reduction = reduction(artifacts, r, factors, profiles);
                    Evaluation e = RunInspector.evaluateWith(artifacts, lora, reduction.reduced(r.removed()));
                    return new Reduced(r, e, reduction.total());
                })
                .dropUnless(selection.current())
                .onFinished(() -> reducing.set(false))
                .onSuccess(reduced -> {
                    show(reduced);
                    startPending(); // the latest slider position, if it moved meanwhile
                })
                .onFailure(error -> {
                    note.set("the reduction failed: " + error.getMessage());
                    startPending();
                })
                .executeWith(tasks);
    }

    private IntruderReduction reduction(RunArtifacts artifacts, Request r, Map<String, LoraFactors> factors,
            Map<String, IntruderProfile> profiles) {
        Prepared p = prepared.get();
        if (p == null || !p.variant().equals(r.variant()) || p.k() != r.k() || p.epsilon() != r.epsilon()) {
            p = new Prepared(r.variant(), r.k(), r.epsilon(),
                    IntruderReduction.prepare(artifacts.baseWeights(), factors, profiles, r.k(), r.epsilon()));
            prepared.set(p);
        }
        return p.reduction();
    }

    private void show(Reduced reduced) {
        Request r = reduced.request();
        lastShown = r;
        String how = String.format(Locale.ROOT, "intruders reduced, λ = %.2f of %d", r.removed(), reduced.intruders());
        adapters.showReevaluation(r.variant(), reduced.evaluation(), how);
        RunResult result = run.result();
        VariantResult own = result.variants().stream().filter(v -> v.spec().name().equals(r.variant())).findFirst()
                .orElse(null);
        Map<String, List<Integer>> errors = new LinkedHashMap<>();
        errors.put("base", result.base().evaluation().classErrors());
        if (own != null) {
            errors.put(r.variant(), own.evaluation().classErrors());
        }
        String reducedName = String.format(Locale.ROOT, "%s, λ = %.2f", r.variant(), r.removed());
        errors.put(reducedName, reduced.evaluation().classErrors());
        String title = "Test errors per class with " + reduced.intruders() + " intruder directions reduced (k = "
                + r.k() + ", ε = " + r.epsilon() + ")";
        redraw = reduced.evaluation().isRegression() ? () -> null
                : () -> Charts.classErrorChart(title, result.classNames(), errors, RunReport.palette(result));
        chart.set(redraw.get());
        int before = own == null ? -1 : own.evaluation().totalErrors();
        note.set(String.format(Locale.ROOT, "%s with λ = %.2f of its %d intruder directions removed: %d test errors%s",
                r.variant(), r.removed(), reduced.intruders(), reduced.evaluation().totalErrors(),
                before < 0 ? "" : " (as trained: " + before + ")"));
    }

    /** A fresh copy of the shown chart (null: none), for exports. */
    JFreeChart exportChart() {
        return redraw.get();
    }

    /** The request whose evaluation is shown, or null. */
    Request lastShown() {
        return lastShown;
    }
}
