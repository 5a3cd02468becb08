package dev.lorabench.app.analysis;

import dev.lorabench.app.run.ClassErrorChartModel;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.LatestWins;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.interop.PeftAdapters;
import dev.lorabench.train.AdapterMode;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunInspector;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A LoRA variant's adapter switched on/off, merged and unmerged (real re-evaluations on the test
 * set, shown in the class-error bars), saved as a PEFT folder, or a PEFT folder loaded into the
 * shown run. Serves the adapter row of the class-error pane and the Adapters menu.
 */
public final class AdapterViewModel {

    /** A loaded folder's config (for the dialog) and its evaluation. */
    private record Loaded(String config, Evaluation evaluation) {}

    /** The series name a loaded adapter folder's evaluation gets in the class-error bars. */
    public static final String LOADED_SERIES = "loaded adapter";

    private final TaskExecutor tasks;
    private final ClassErrorChartModel classErrors;
    private final Supplier<UserPrompts> prompts;
    private final StringProperty status;
    private final LatestWins selection = new LatestWins();

    private final ObservableList<String> variants = FXCollections.observableArrayList();
    private final ObjectProperty<String> variant = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<AdapterMode> mode = new ReadOnlyObjectWrapper<>(AdapterMode.ON);
    private final ReadOnlyBooleanWrapper evaluating = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ObservableList<String> variantsView = FXCollections.unmodifiableObservableList(variants);
    private final Map<String, AdapterMode> modes = new HashMap<>();
    private final Map<String, Evaluation> shown = new HashMap<>();
    // Re-evaluations made elsewhere (the Intruders tab's reduced adapter): series → what was changed.
    private final Map<String, String> described = new HashMap<>();
    private RunRecord run;
    private Consumer<String> onEvaluated = v -> {};

    /** @param status the analysis status line, where saving reports */
    AdapterViewModel(TaskExecutor tasks, ClassErrorChartModel classErrors, Supplier<UserPrompts> prompts, StringProperty status) {
        this.tasks = tasks;
        this.classErrors = classErrors;
        this.prompts = prompts;
        this.status = status;
        variant.addListener((obs, was, now) -> mode.set(now == null ? AdapterMode.ON : modes.getOrDefault(now, AdapterMode.ON)));
    }

    /** The shown run's LoRA variants that kept their adapters. */
    public ObservableList<String> variants() { return variantsView; }
    /** The LoRA variant the adapter switch and Merge/Unmerge act on. */
    public ObjectProperty<String> variantProperty() { return variant; }
    /** How the selected variant's bars were last evaluated. */
    public ReadOnlyObjectProperty<AdapterMode> modeProperty() { return mode.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty evaluatingProperty() { return evaluating.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }

    /** Called with a variant's name after its re-evaluation is shown (the gallery follows it). */
    void setOnEvaluated(Consumer<String> action) {
        this.onEvaluated = action;
    }

    /** Shows a run (null: none); an evaluation still under way for the last one is dropped. */
    void load(RunRecord record) {
        selection.supersede();
        run = record;
        modes.clear();
        shown.clear();
        described.clear();
        evaluating.set(false);
        note.set("");
        RunResult result = record == null ? null : record.result();
        List<String> lora = result == null || result.artifacts() == null ? List.of()
                : result.variants().stream().filter(v -> v.spec() instanceof LoraVariant).map(v -> v.spec().name())
                        .filter(n -> result.artifacts().adapters().containsKey(n)).toList();
        variants.setAll(lora);
        variant.set(lora.isEmpty() ? null : lora.get(0));
        mode.set(AdapterMode.ON);
    }

    /** The evaluation a series' bars show now ("base" or a variant), or null. */
    public Evaluation evaluationOf(String series) {
        if (run == null) {
            return null;
        }
        Evaluation e = shown.get(series);
        if (e != null) {
            return e;
        }
        if (series.equals("base")) {
            return run.result().base().evaluation();
        }
        return run.result().variants().stream().filter(v -> v.spec().name().equals(series))
                .map(VariantResult::evaluation).findFirst().orElse(null);
    }

    /**
     * How a series' bars were re-evaluated, for notes: " (adapter off)", " (adapter merged into W)",
     * " (intruders reduced …)", or "" when they are the run's own.
     */
    String reevaluationNote(String series) {
        AdapterMode how = modes.get(series);
        if (how != null) {
            return " (adapter " + describe(how) + ")";
        }
        String other = described.get(series);
        return other == null ? "" : " (" + other + ")";
    }

    /**
     * Shows an evaluation of a LoRA variant made elsewhere with a changed adapter (e.g. its
     * intruder dimensions reduced) in its class-error bars, as this view-model's own re-evaluations
     * are shown; {@code how} says what was changed.
     */
    void showReevaluation(String series, Evaluation e, String how) {
        modes.remove(series);
        described.put(series, how);
        show(series, e);
        if (series.equals(variant.get())) {
            mode.set(AdapterMode.ON);
        }
        note.set(series + ", " + how + ": " + summary(e));
        onEvaluated.accept(series);
    }

    /** Switches the selected LoRA variant's adapter on or off and re-evaluates it. */
    public CompletableFuture<Evaluation> setAdapterEnabled(boolean on) {
        return reevaluate(on ? AdapterMode.ON : AdapterMode.OFF);
    }

    /** Folds the adapter into W (W + s·B·A) and re-evaluates. */
    public CompletableFuture<Evaluation> merge() {
        return reevaluate(AdapterMode.MERGED);
    }

    /** Takes the adapter out of W again (a separate path) and re-evaluates. */
    public CompletableFuture<Evaluation> unmerge() {
        return reevaluate(AdapterMode.ON);
    }

    /**
     * Evaluates the selected LoRA variant on the test set with its adapter in {@code how} (a real
     * forward pass, in the background) and shows the result in its class-error bars.
     */
    public CompletableFuture<Evaluation> reevaluate(AdapterMode how) {
        String v = variant.get();
        if (run == null || v == null || run.result().artifacts() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no LoRA variant to evaluate"));
        }
        if (evaluating.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("an evaluation is running"));
        }
        RunArtifacts artifacts = run.result().artifacts();
        long started = System.nanoTime();
        return BackgroundTask.wrap(() -> RunInspector.evaluate(artifacts, v, how))
                .dropUnless(selection.current())
                .onRunning(() -> busy("evaluating " + v + " with the adapter " + describe(how) + "…"))
                .onFinished(() -> evaluating.set(false))
                .onSuccess(e -> {
                    modes.put(v, how);
                    described.remove(v);
                    show(v, e);
                    if (v.equals(variant.get())) {
                        mode.set(how);
                    }
                    note.set(String.format(Locale.ROOT, "%s, adapter %s: %s (re-evaluated in %.1f s)",
                            v, describe(how), summary(e), (System.nanoTime() - started) / 1e9));
                    onEvaluated.accept(v);
                })
                .onFailure(error -> {
                    String m = String.valueOf(error.getMessage());
                    failed("evaluation failed: " + m, "Evaluation failed", m);
                })
                .executeWith(tasks);
    }

    /** Saves a LoRA variant of the shown run as a PEFT adapter folder, in the background. */
    public CompletableFuture<Path> saveAdapter(String name, Path dir) {
        if (run == null || run.result().artifacts() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no run with adapters to save"));
        }
        RunArtifacts artifacts = run.result().artifacts();
        return BackgroundTask.wrap(() -> {
                    RunInspector.saveAdapter(artifacts, name, dir);
                    return dir;
                })
                .onRunning(() -> status.set("Saving " + name + "'s adapter to " + dir + "…"))
                .onSuccess(path -> status.set("Saved " + name + "'s adapter to " + path + " (PEFT layout)"))
                .onFailure(error -> {
                    String m = String.valueOf(error.getMessage());
                    status.set("Saving the adapter failed: " + m);
                    prompts.get().showError("Saving the adapter failed", UserPrompts.cliLine(m));
                })
                .executeWith(tasks);
    }

    /**
     * Loads a PEFT adapter folder into a fresh model of the shown run (its architecture, base and
     * LoRA targets), evaluates it on the run's test set and shows the result as the bars of
     * {@link #LOADED_SERIES}, plus the folder's config in a dialog.
     */
    public CompletableFuture<Evaluation> loadAdapter(Path dir) {
        if (run == null || run.result().artifacts() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("select a finished run to load the adapter into"));
        }
        RunArtifacts artifacts = run.result().artifacts();
        return BackgroundTask.wrap(() -> new Loaded(describe(PeftAdapters.info(dir)),
                        RunInspector.evaluateAdapterFolder(artifacts, dir)))
                .dropUnless(selection.current())
                .onRunning(() -> busy("loading and evaluating " + dir.getFileName() + "…"))
                .onFinished(() -> evaluating.set(false))
                .onSuccess(loaded -> {
                    show(LOADED_SERIES, loaded.evaluation());
                    String result = summary(loaded.evaluation());
                    note.set(dir.getFileName() + " loaded into this run's base: " + result);
                    prompts.get().showInfo("Adapter " + dir.getFileName(),
                            loaded.config() + "\nEvaluated on this run's test set: " + result);
                })
                .onFailure(error -> {
                    String m = String.valueOf(error.getMessage());
                    failed("loading the adapter failed: " + m, "Loading the adapter failed", UserPrompts.cliLine(m));
                })
                .executeWith(tasks).thenApply(Loaded::evaluation);
    }

    private void busy(String what) {
        evaluating.set(true);
        note.set(what);
    }

    private void show(String series, Evaluation e) {
        shown.put(series, e);
        classErrors.put(series, e);
    }

    private void failed(String line, String title, String dialog) {
        note.set(line);
        prompts.get().showError(title, dialog);
    }

    private static String summary(Evaluation e) {
        return e.isRegression()
                ? String.format(Locale.ROOT, "test MSE %.5f", e.mse())
                : String.format(Locale.ROOT, "%d errors, accuracy %.2f%%", e.totalErrors(), e.accuracy() * 100);
    }

    private static String describe(PeftAdapters.Info info) {
        var c = info.config();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "r = %d, alpha = %s%s, dropout %s%n", c.r(), c.alpha(), c.rsLora() ? " (rsLoRA)" : "",
                c.dropout()));
        b.append("targets: ").append(String.join(", ", c.targetModules())).append('\n');
        c.lorabench().forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        b.append(String.format(Locale.ROOT, "%d tensors, %,d trainable values", info.tensors().size(), info.trainable()));
        return b.toString();
    }

    static String describe(AdapterMode mode) {
        return switch (mode) {
            case OFF -> "off";
            case MERGED -> "merged into W";
            default -> "on";
        };
    }
}
