package dev.lorabench.app.analysis;

import dev.lorabench.app.run.RunRecord;
import dev.lorabench.report.ConfusionChart;
import dev.lorabench.report.ConfusionGrid;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;

/**
 * The Confusion tab: a model's confusion matrix (rows true, columns predicted), or its difference
 * to the base's, for the evaluation the other views show (an adapter switched off or merged
 * included); a mistake cell opens the gallery on exactly those images.
 */
public final class ConfusionViewModel {

    private final AdapterViewModel adapters;
    private final GalleryViewModel gallery;
    private final ObservableList<String> variants = FXCollections.observableArrayList();
    private final ObservableList<String> variantsView = FXCollections.unmodifiableObservableList(variants);
    private final ObjectProperty<String> variant = new SimpleObjectProperty<>();
    private final BooleanProperty delta = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<ConfusionGrid> grid = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JFreeChart> chart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private RunRecord run;

    /** @param adapters whose current evaluations the matrix shows; @param gallery where a cell opens */
    ConfusionViewModel(AdapterViewModel adapters, GalleryViewModel gallery) {
        this.adapters = adapters;
        this.gallery = gallery;
        variant.addListener((obs, was, now) -> refresh());
        delta.addListener((obs, was, now) -> refresh());
    }

    /** "base" and the variants of a classification run. */
    public ObservableList<String> variants() { return variantsView; }
    public ObjectProperty<String> variantProperty() { return variant; }
    /** Whether the cells are the variant's counts minus the base's. */
    public BooleanProperty deltaProperty() { return delta; }
    /** The cells shown (null: none). */
    public ReadOnlyObjectProperty<ConfusionGrid> gridProperty() { return grid.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<JFreeChart> chartProperty() { return chart.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }

    /** Shows a run (null: none), opening on its first variant. */
    void load(RunRecord record) {
        run = record;
        RunResult result = record == null ? null : record.result();
        List<String> list = new ArrayList<>();
        if (result != null && !result.base().evaluation().isRegression()) {
            list.add("base");
            result.variants().forEach(v -> list.add(v.spec().name()));
        }
        variants.setAll(list);
        String first = list.size() > 1 ? list.get(1) : list.isEmpty() ? null : list.get(0);
        if (first != null && first.equals(variant.get())) {
            refresh();
        } else {
            variant.set(first);
        }
    }

    /**
     * Opens the gallery on the shown variant's images of true class {@code trueClass} predicted
     * as {@code predicted} (what a click on that cell does); false for a correct cell or none shown.
     */
    public boolean openCell(int trueClass, int predicted) {
        String name = variant.get();
        return name != null && gallery.showPair(name, trueClass, predicted);
    }

    /** Redraws if the matrix shows {@code name} or its Δ against the base (its evaluation changed). */
    void refreshIfShowing(String name) {
        if (name.equals(variant.get()) || (delta.get() && name.equals("base"))) {
            refresh();
        }
    }

    private void refresh() {
        String name = variant.get();
        Evaluation e = run == null || name == null ? null : adapters.evaluationOf(name);
        Evaluation base = run == null ? null : adapters.evaluationOf("base");
        if (e == null || base == null || e.isRegression()) {
            grid.set(null);
            chart.set(null);
            note.set(run == null ? "Select a finished run"
                    : run.result().base().evaluation().isRegression() ? "A regression run has no classes to confuse"
                    : name == null ? "" : "no evaluation of " + name);
            return;
        }
        List<String> names = run.result().classNames();
        ConfusionGrid g = delta.get() ? ConfusionGrid.delta(name, names, e, base) : ConfusionGrid.counts(name, names, e);
        grid.set(g);
        chart.set(ConfusionChart.chart(g));
        String mode = adapters.reevaluationNote(name);
        note.set(name + mode + ": " + e.totalErrors() + " wrong of " + e.samples() + " test images"
                + (delta.get() && name.equals("base") ? "; the base against itself, every Δ is 0" : "")
                + ". Click a cell off the diagonal to see its images.");
    }
}
