package dev.lorabench.app.analysis;

import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.LatestWins;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.train.AdapterMode;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.Misclassified;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunInspector;
import dev.lorabench.train.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Misclassified tab: a variant's wrong test images of a class, most confident first, found in
 * the background; only the answer to the latest choice is shown. A variant re-evaluated with its
 * adapter off or merged shows the mistakes of that evaluation.
 */
public final class GalleryViewModel {

    /** The most images the gallery shows. */
    public static final int LIMIT = 60;

    private final TaskExecutor tasks;
    private final AdapterViewModel adapters;
    private final LatestWins requests = new LatestWins();
    private final ObservableList<String> variants = FXCollections.observableArrayList();
    private final ObservableList<String> classes = FXCollections.observableArrayList();
    private final ObjectProperty<String> variant = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> trueClass = new SimpleObjectProperty<>();
    private final ObservableList<Misclassified> images = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    // Read-only views, made once: views keep listeners on them.
    private final ObservableList<String> variantsView = FXCollections.unmodifiableObservableList(variants);
    private final ObservableList<String> classesView = FXCollections.unmodifiableObservableList(classes);
    private final ObservableList<Misclassified> imagesView = FXCollections.unmodifiableObservableList(images);
    private RunRecord run;

    /** @param adapters whose current evaluations the gallery shows */
    GalleryViewModel(TaskExecutor tasks, AdapterViewModel adapters) {
        this.tasks = tasks;
        this.adapters = adapters;
        variant.addListener((obs, was, now) -> reload());
        trueClass.addListener((obs, was, now) -> reload());
    }

    /** "base" and the variants of a classification run. */
    public ObservableList<String> variants() { return variantsView; }
    /** Class names, index = class. */
    public ObservableList<String> classes() { return classesView; }
    public ObjectProperty<String> variantProperty() { return variant; }
    public ObjectProperty<Integer> classProperty() { return trueClass; }
    /** The selected variant's wrong test images of the selected class, most confident first. */
    public ObservableList<Misclassified> images() { return imagesView; }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }

    /** Shows a run (null: none), opening on the first LoRA variant's mistakes on the base's worst class. */
    void load(RunRecord record) {
        run = record;
        RunResult result = record == null ? null : record.result();
        boolean classification = result != null && !result.base().evaluation().isRegression();
        List<String> list = new ArrayList<>();
        if (classification) {
            list.add("base");
            result.variants().forEach(v -> list.add(v.spec().name()));
        }
        images.clear();
        note.set(classification ? "" : result == null ? "No run selected" : "A regression run has no misclassified images");
        classes.setAll(classification ? result.classNames() : List.of());
        variants.setAll(list);
        variant.set(null);
        trueClass.set(null);
        if (classification) {
            variant.set(list.size() > 1 ? list.get(1) : list.get(0));
            trueClass.set(result.base().evaluation().worstClass());
        }
    }

    /** Shows a variant's ("base" or a name) wrong test images of class {@code c}. */
    public void show(String name, int c) {
        boolean same = name.equals(variant.get()) && Integer.valueOf(c).equals(trueClass.get());
        variant.set(name);
        trueClass.set(c);
        if (same) {
            reload();
        }
    }

    /** Shows the wrong images of a bar of the class-error chart (series × class name); false if it has none. */
    public boolean showBar(String series, String className) {
        int c = classes.indexOf(className);
        if (c < 0 || !variants.contains(series)) {
            return false;
        }
        show(series, c);
        return true;
    }

    /** The worst class of the run's base (the gallery's natural first choice), or -1. */
    public int worstClass() {
        return run == null || run.result().base().evaluation().isRegression() ? -1 : run.result().base().evaluation().worstClass();
    }

    /** Reloads if the gallery shows {@code name} (its evaluation changed). */
    void reloadIfShowing(String name) {
        if (name.equals(variant.get())) {
            reload();
        }
    }

    private void reload() {
        String name = variant.get();
        Integer c = trueClass.get();
        var ticket = requests.next();
        if (run == null || name == null || c == null || run.result().artifacts() == null) {
            images.clear();
            loading.set(false);
            return;
        }
        Evaluation e = adapters.evaluationOf(name);
        if (e == null) {
            images.clear();
            loading.set(false);
            note.set("no evaluation of " + name);
            return;
        }
        RunArtifacts artifacts = run.result().artifacts();
        String className = c < classes.size() ? classes.get(c) : String.valueOf(c);
        BackgroundTask.wrap(() -> RunInspector.misclassified(artifacts, e, c, LIMIT))
                .dropUnless(ticket)
                .onRunning(() -> {
                    loading.set(true);
                    note.set("finding " + name + "'s mistakes on " + className + "…");
                })
                .onFinished(() -> loading.set(false))
                .onSuccess(list -> {
                    images.setAll(list);
                    int total = e.classErrors().get(c);
                    AdapterMode how = adapters.reevaluatedAs(name);
                    String mode = how != null ? " (adapter " + AdapterViewModel.describe(how) + ")" : "";
                    note.set(String.format(Locale.ROOT, "%s%s gets %d of %d test images of %s wrong%s",
                            name, mode, total, e.classCounts().get(c), className,
                            total > list.size() ? "; showing the " + list.size() + " most confident" : ""));
                })
                .onFailure(error -> {
                    images.clear();
                    note.set("could not list the images: " + error.getMessage());
                })
                .executeWith(tasks);
    }
}
