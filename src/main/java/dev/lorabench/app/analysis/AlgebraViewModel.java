package dev.lorabench.app.analysis;

import dev.lorabench.analysis.AdapterCombination;
import dev.lorabench.analysis.CombinationType;
import dev.lorabench.analysis.CombinedAdapter;
import dev.lorabench.analysis.SignElection;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.LatestWins;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.report.AlgebraReport;
import dev.lorabench.report.RunReport;
import dev.lorabench.train.AdapterAlgebraService;
import dev.lorabench.train.AlgebraOptions;
import dev.lorabench.train.AlgebraResult;
import dev.lorabench.train.AlgebraSource;
import dev.lorabench.train.AlgebraSources;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunInspector;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;

/**
 * The Adapter algebra tab (ADR 0026): the run's LoRA variants and added adapter folders, each
 * with an include box and a weight, combined as PEFT's {@code add_weighted_adapter} does by {@link
 * AdapterAlgebraService} off the FX thread; class-error bars for the base, each included source
 * and the combination; a strength slider (PEFT's {@code rescale_adapter_scale}) whose moves are
 * coalesced (one evaluation at a time, then the latest position) so the bars follow; and the
 * export of the combination in PEFT's layout with its masks and combination.json.
 */
public final class AlgebraViewModel {

    /** The series name of the combination on the bars. */
    static final String COMBINED = "combined";

    private final TaskExecutor tasks;
    private final LatestWins selection = new LatestWins();
    private final ObservableList<AlgebraSourceRow> sources = FXCollections.observableArrayList();
    private final ObjectProperty<CombinationType> type = new SimpleObjectProperty<>(CombinationType.CAT);
    private final DoubleProperty density = new SimpleDoubleProperty(AlgebraOptions.DEFAULTS.density());
    private final IntegerProperty svdRank = new SimpleIntegerProperty(0);
    private final DoubleProperty svdClamp = new SimpleDoubleProperty(1);
    private final ObjectProperty<SignElection> election = new SimpleObjectProperty<>(SignElection.TOTAL);
    private final IntegerProperty seed = new SimpleIntegerProperty(0);
    private final DoubleProperty strength = new SimpleDoubleProperty(1);
    private final BooleanProperty delta = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<JFreeChart> chart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<AlgebraResult> result = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding densityUsed = Bindings.createBooleanBinding(
            () -> type.get() != null && AlgebraOptions.usesDensity(type.get()), type);
    private final BooleanBinding svdUsed = Bindings.createBooleanBinding(
            () -> type.get() != null && AlgebraOptions.usesSvd(type.get()), type);
    private final BooleanBinding electionUsed = Bindings.createBooleanBinding(
            () -> type.get() != null && AlgebraOptions.usesElection(type.get()), type);
    private final BooleanBinding seedUsed = Bindings.createBooleanBinding(
            () -> type.get() != null && AlgebraOptions.usesSeed(type.get()), type);
    private RunRecord run;
    private Double pendingStrength;
    // The rows of the shown combination: their own bars stand beside it.
    private List<AlgebraSourceRow> shown = List.of();

    AlgebraViewModel(TaskExecutor tasks) {
        this.tasks = tasks;
        strength.addListener((obs, was, now) -> requestStrength());
        delta.addListener((obs, was, now) -> redraw());
    }

    public ObservableList<AlgebraSourceRow> sources() { return sources; }
    public ObjectProperty<CombinationType> typeProperty() { return type; }
    /** The kept share of ties, dare_* and magnitude_prune types. */
    public DoubleProperty densityProperty() { return density; }
    /** The *svd types' new rank; 0: the largest rank of the inputs. */
    public IntegerProperty svdRankProperty() { return svdRank; }
    /** The *svd types' clamp quantile; 1: no clamp. */
    public DoubleProperty svdClampProperty() { return svdClamp; }
    public ObjectProperty<SignElection> electionProperty() { return election; }
    /** The seed of DARE's drop masks. */
    public IntegerProperty seedProperty() { return seed; }
    /** PEFT's rescale_adapter_scale multiplier, 0..2 (1: as combined). */
    public DoubleProperty strengthProperty() { return strength; }
    /** Bars as the change against the base's errors. */
    public BooleanProperty deltaProperty() { return delta; }
    public BooleanBinding densityUsed() { return densityUsed; }
    public BooleanBinding svdUsed() { return svdUsed; }
    public BooleanBinding electionUsed() { return electionUsed; }
    public BooleanBinding seedUsed() { return seedUsed; }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
    /** Test errors per class: base, each included source, the combination at the strength. */
    public ReadOnlyObjectProperty<JFreeChart> chartProperty() { return chart.getReadOnlyProperty(); }
    /** The combination shown (null: none yet). */
    public ReadOnlyObjectProperty<AlgebraResult> resultProperty() { return result.getReadOnlyProperty(); }

    /** Shows a run (null: none); work under way for the last one is dropped. */
    void load(RunRecord record) {
        selection.supersede();
        run = record;
        pendingStrength = null;
        busy.set(false);
        result.set(null);
        chart.set(null);
        shown = List.of();
        sources.clear();
        RunResult r = record == null ? null : record.result();
        if (r == null) {
            note.set("");
            return;
        }
        if (r.artifacts() == null || r.base().evaluation().isRegression()) {
            note.set(r.artifacts() == null ? "This run keeps no adapters to combine (re-run it in this window)"
                    : "The algebra's bars are class errors; a regression run has none");
            return;
        }
        for (AlgebraSource s : AlgebraSources.of(r.artifacts())) {
            sources.add(new AlgebraSourceRow(s, r.variants().stream().filter(v -> v.spec().name().equals(s.name()))
                    .findFirst().map(v -> v.evaluation().classErrors()).orElse(null)));
        }
        note.set(sources.stream().anyMatch(AlgebraSourceRow::combinable)
                ? "Tick adapters, set their weights (negative subtracts), choose a type and press Combine"
                : "No LoRA variant of this run can be combined; add an adapter folder");
    }

    private RunArtifacts artifacts() {
        return run == null ? null : run.result().artifacts();
    }

    /** Reads an adapter folder and evaluates it (its own bars); one line in the note if it does not fit. */
    public CompletableFuture<AlgebraSourceRow> addFolder(Path dir) {
        RunArtifacts artifacts = artifacts();
        if (artifacts == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no run to add an adapter to"));
        }
        busy.set(true);
        note.set("reading " + dir + "…");
        return BackgroundTask.wrap(() -> {
                    AlgebraSource s = AlgebraSources.load(artifacts, dir);
                    return new AlgebraSourceRow(s, RunInspector.evaluateAdapter(artifacts, s.adapter()).classErrors());
                })
                .dropUnless(selection.current())
                .onFinished(() -> busy.set(false))
                .onSuccess(row -> {
                    row.includedProperty().set(true);
                    sources.add(row);
                    note.set("added " + row.label() + ": " + row.classErrors().stream().mapToInt(Integer::intValue).sum()
                            + " test errors alone");
                })
                .onFailure(error -> note.set(oneLine(error)))
                .executeWith(tasks);
    }

    /** The combination the controls describe now (only the options the type uses). */
    private AdapterCombination combination(double[] weights) {
        AlgebraOptions options = new AlgebraOptions(density.get(),
                svdRank.get() > 0 ? OptionalInt.of(svdRank.get()) : OptionalInt.empty(),
                svdClamp.get() < 1 ? OptionalDouble.of(svdClamp.get()) : OptionalDouble.empty(), election.get(), seed.get());
        return options.combination(type.get(), weights);
    }

    /** Combines the included sources at their weights and evaluates the result at the strength, off the FX thread. */
    public void combine() {
        RunArtifacts artifacts = artifacts();
        List<AlgebraSourceRow> included = sources.stream()
                .filter(row -> row.combinable() && row.includedProperty().get()).toList();
        if (artifacts == null || included.isEmpty()) {
            note.set("Tick at least one adapter to combine");
            return;
        }
        AdapterCombination how;
        try {
            how = combination(included.stream().mapToDouble(row -> row.weightProperty().get()).toArray());
        } catch (IllegalArgumentException e) {
            note.set(oneLine(e));
            return;
        }
        List<AlgebraSource> chosen = included.stream().map(AlgebraSourceRow::source).toList();
        List<String> names = included.stream().map(AlgebraSourceRow::label).toList();
        OptionalLong dareSeed = AlgebraOptions.usesSeed(how.type()) ? OptionalLong.of(seed.get()) : OptionalLong.empty();
        double at = strength.get();
        Evaluation base = run.result().base().evaluation();
        pendingStrength = null;
        busy.set(true);
        note.set("combining " + included.size() + " adapters (" + how.type().peftName() + ")…");
        BackgroundTask.wrap(() -> {
                    CombinedAdapter combined = AdapterAlgebraService.combine(chosen, how);
                    return new AlgebraResult(names, how, dareSeed, combined, at, base,
                            AdapterAlgebraService.evaluate(artifacts, combined, at));
                })
                .dropUnless(selection.current())
                .onFinished(() -> busy.set(false))
                .onSuccess(done -> {
                    shown = included;
                    show(done);
                    startPending();
                })
                .onFailure(error -> note.set(oneLine(error)))
                .executeWith(tasks);
    }

    private void requestStrength() {
        if (result.get() == null) {
            return;
        }
        pendingStrength = strength.get();
        if (!busy.get()) {
            startPending();
        }
    }

    /** Evaluates the shown combination at the latest strength asked for, if it differs from the shown one. */
    private void startPending() {
        AlgebraResult shownResult = result.get();
        Double at = pendingStrength;
        pendingStrength = null;
        if (at == null || shownResult == null || at == shownResult.strength()) {
            return;
        }
        RunArtifacts artifacts = artifacts();
        busy.set(true);
        note.set(String.format(Locale.ROOT, "evaluating the combination at strength %.2f…", at));
        BackgroundTask.wrap(() -> new AlgebraResult(shownResult.sources(), shownResult.how(), shownResult.seed(),
                        shownResult.combined(), at, shownResult.base(),
                        AdapterAlgebraService.evaluate(artifacts, shownResult.combined(), at)))
                .dropUnless(selection.current())
                .onFinished(() -> busy.set(false))
                .onSuccess(done -> {
                    show(done);
                    startPending(); // the latest slider position, if it moved meanwhile
                })
                .onFailure(error -> {
                    note.set(oneLine(error));
                    startPending();
                })
                .executeWith(tasks);
    }

    private void show(AlgebraResult r) {
        result.set(r);
        redraw();
        note.set(String.format(Locale.ROOT, "%s of %s at strength %.2f (rank %d): %d test errors (base: %d)",
                r.combined().applied().peftName(), String.join(", ", r.sources()), r.strength(),
                r.combined().adapter().rank(), r.evaluation().totalErrors(), r.base().totalErrors()));
    }

    private void redraw() {
        Supplier<JFreeChart> draw = exportChart();
        chart.set(draw == null ? null : draw.get());
    }

    /** Series → class errors of what is shown: base, the included sources, the combination. */
    Map<String, List<Integer>> errors() {
        AlgebraResult r = result.get();
        if (r == null) {
            return Map.of();
        }
        Map<String, List<Integer>> errors = new LinkedHashMap<>();
        errors.put("base", r.base().classErrors());
        for (AlgebraSourceRow row : shown) {
            if (!row.classErrors().isEmpty()) {
                errors.putIfAbsent(row.label(), row.classErrors());
            }
        }
        errors.put(String.format(Locale.ROOT, "%s ×%.2f", COMBINED, r.strength()), r.evaluation().classErrors());
        return errors;
    }

    /** Draws a fresh copy of the shown bars (null: nothing combined yet), for the view and exports. */
    Supplier<JFreeChart> exportChart() {
        AlgebraResult r = result.get();
        if (r == null || run == null) {
            return null;
        }
        RunResult rr = run.result();
        Map<String, List<Integer>> errors = errors();
        boolean d = delta.get();
        String title = "Test errors per class: " + r.combined().applied().peftName() + " of " + String.join(", ", r.sources())
                + String.format(Locale.ROOT, ", strength %.2f", r.strength());
        return () -> AlgebraReport.chart(title, rr.classNames(), errors, d, RunReport.palette(rr));
    }

    /** The class names of the shown run. */
    List<String> classNames() {
        return run == null ? List.of() : run.result().classNames();
    }

    /** Writes the shown combination to {@code dir}: PEFT folder, DARE masks, combination.json. */
    public CompletableFuture<Void> exportAdapter(Path dir) {
        AlgebraResult r = result.get();
        RunArtifacts artifacts = artifacts();
        if (r == null || artifacts == null) {
            note.set("Combine adapters first");
            return CompletableFuture.failedFuture(new IllegalStateException("nothing combined to export"));
        }
        busy.set(true);
        return BackgroundTask.<Void>wrap(() -> {
                    AdapterAlgebraService.export(artifacts, r, dir);
                    return null;
                })
                .onFinished(() -> busy.set(false))
                .onSuccess(v -> note.set("wrote the combination to " + dir + " (PEFT layout, "
                        + AdapterAlgebraService.JSON + ")"))
                .onFailure(error -> note.set("export failed: " + oneLine(error)))
                .executeWith(tasks);
    }

    private static String oneLine(Throwable error) {
        String m = error.getMessage() == null ? error.toString() : error.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
