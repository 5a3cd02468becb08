package dev.lorabench.app.analysis;

import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.LatestWins;
import dev.lorabench.app.support.TaskExecutor;
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
 * adapter off or merged shows the mistakes of that evaluation. A predicted-class filter narrows
 * them to one cell of the confusion matrix (true class, predicted class).
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
    private final ObjectProperty<Integer> predicted = new SimpleObjectProperty<>();
    private final ObservableList<Misclassified> images = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    // Read-only views, made once: views keep listeners on them.
    private final ObservableList<String> variantsView = FXCollections.unmodifiableObservableList(variants);
    private final ObservableList<String> classesView = FXCollections.unmodifiableObservableList(classes);
    private final ObservableList<Misclassified> imagesView = FXCollections.unmodifiableObservableList(images);
    private RunRecord run;
    // While a command sets variant, class and filter together: one reload at the end, not three.
    private boolean choosing;

    /** @param adapters whose current evaluations the gallery shows */
    GalleryViewModel(TaskExecutor tasks, AdapterViewModel adapters) {
        this.tasks = tasks;
        this.adapters = adapters;
        variant.addListener((obs, was, now) -> reloadUnlessChoosing());
        trueClass.addListener((obs, was, now) -> {
            // A class is never taken for itself: a filter equal to the new class would show nothing.
            if (!choosing && now != null && now.equals(predicted.get())) {
                choose(variant.get(), now, null);
            } else {
                reloadUnlessChoosing();
            }
        });
        predicted.addListener((obs, was, now) -> reloadUnlessChoosing());
    }

    /** "base" and the variants of a classification run. */
    public ObservableList<String> variants() { return variantsView; }
    /** Class names, index = class. */
    public ObservableList<String> classes() { return classesView; }
    public ObjectProperty<String> variantProperty() { return variant; }
    public ObjectProperty<Integer> classProperty() { return trueClass; }
    /** Only the images predicted as this class (null: any wrong class). */
    public ObjectProperty<Integer> predictedProperty() { return predicted; }
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
        choose(null, null, null);
        if (classification) {
            choose(list.size() > 1 ? list.get(1) : list.get(0), result.base().evaluation().worstClass(), null);
        }
    }

    /** Shows a variant's ("base" or a name) wrong test images of class {@code c}, whatever they were taken for. */
    public void show(String name, int c) {
        choose(name, c, null);
    }

    /**
     * Shows a variant's test images of class {@code trueClass} predicted as {@code predictedClass}
     * (a cell of its confusion matrix); false, showing nothing new, for a correct cell (the
     * diagonal), an unknown variant or a class outside the run's.
     */
    public boolean showPair(String name, int trueClass, int predictedClass) {
        if (trueClass == predictedClass || !variants.contains(name) || trueClass < 0 || predictedClass < 0
                || trueClass >= classes.size() || predictedClass >= classes.size()) {
            return false;
        }
        choose(name, trueClass, predictedClass);
        return true;
    }

    private void choose(String name, Integer c, Integer p) {
        choosing = true;
        try {
            variant.set(name);
            trueClass.set(c);
            predicted.set(p);
        } finally {
            choosing = false;
        }
        reload();
    }

    private void reloadUnlessChoosing() {
        if (!choosing) {
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
        String className = nameOf(c);
        Integer p = predicted.get();
        // Every mistake on the class, then the filter, then the cap: capping first could drop the pair's images.
        BackgroundTask.wrap(() -> firstOf(RunInspector.misclassified(artifacts, e, c, Integer.MAX_VALUE), p))
                .dropUnless(ticket)
                .onRunning(() -> {
                    loading.set(true);
                    note.set("finding " + name + "'s mistakes on " + className + "…");
                })
                .onFinished(() -> loading.set(false))
                .onSuccess(list -> {
                    images.setAll(list);
                    int total = e.classErrors().get(c);
                    String mode = adapters.reevaluationNote(name);
                    int shown = p == null ? total : e.confusion().get(c).get(p);
                    String as = p == null ? "" : String.format(Locale.ROOT, ", %d of them as %s", shown, nameOf(p));
                    note.set(String.format(Locale.ROOT, "%s%s gets %d of %d test images of %s wrong%s%s",
                            name, mode, total, e.classCounts().get(c), className, as,
                            shown > list.size() ? "; showing the " + list.size() + " most confident" : ""));
                })
                .onFailure(error -> {
                    images.clear();
                    note.set("could not list the images: " + error.getMessage());
                })
                .executeWith(tasks);
    }

    /** The first {@link #LIMIT} of {@code wrong} (most confident first) taken for class {@code p} (null: any). */
    private static List<Misclassified> firstOf(List<Misclassified> wrong, Integer p) {
        return wrong.stream().filter(m -> p == null || m.predicted() == p).limit(LIMIT).toList();
    }

    private String nameOf(int c) {
        return c < classes.size() ? classes.get(c) : String.valueOf(c);
    }
}
