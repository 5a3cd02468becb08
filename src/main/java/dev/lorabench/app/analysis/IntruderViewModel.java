package dev.lorabench.app.analysis;

import dev.lorabench.analysis.IntruderDimensions;
import dev.lorabench.analysis.IntruderProfile;
import dev.lorabench.analysis.Section7;
import dev.lorabench.analysis.Section7Lab;
import dev.lorabench.analysis.Section7Layer;
import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.LatestWins;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.report.RunReport;
import dev.lorabench.report.Section7Charts;
import dev.lorabench.report.SeriesPalette;
import dev.lorabench.train.RunResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;

/**
 * The Intruders tab (Shuttleworth et al. 2024): per variant of one layer, how many of the top-k
 * directions of W + ΔW have no counterpart in W (best |cos| below ε), the counts over ε, and one
 * variant's tuned-against-base similarity matrix. k and ε are controls; each change is recounted
 * off the FX thread from the run's intruder profiles (no SVD is repeated).
 */
public final class IntruderViewModel {

    private final TaskExecutor tasks;
    private final LatestWins requests = new LatestWins();
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObjectProperty<String> layer = new SimpleObjectProperty<>();
    private final IntegerProperty k = new SimpleIntegerProperty(Section7Lab.DEFAULT_K);
    private final DoubleProperty epsilon = new SimpleDoubleProperty(Section7Lab.DEFAULT_EPSILON);
    private final ReadOnlyIntegerWrapper kMax = new ReadOnlyIntegerWrapper(Section7Lab.DEFAULT_K);
    private final ObservableList<String> variants = FXCollections.observableArrayList();
    private final ObjectProperty<String> variant = new SimpleObjectProperty<>();
    private final ObservableList<IntruderRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<JFreeChart> countsChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JFreeChart> similarityChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ObservableList<String> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObservableList<String> variantsView = FXCollections.unmodifiableObservableList(variants);
    private final ObservableList<IntruderRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private RunResult result;
    private boolean loading;

    IntruderViewModel(TaskExecutor tasks) {
        this.tasks = tasks;
        layer.addListener((obs, was, now) -> {
            Section7Layer l = selected();
            kMax.set(l == null ? Section7Lab.DEFAULT_K : l.kMax());
            List<String> names = l == null ? List.of() : ordered(l);
            variants.setAll(names);
            if (variant.get() == null || !names.contains(variant.get())) {
                variant.set(names.isEmpty() ? null : names.get(0));
            }
            refresh();
        });
        k.addListener((obs, was, now) -> refresh());
        epsilon.addListener((obs, was, now) -> refresh());
        variant.addListener((obs, was, now) -> refresh());
    }

    public ObservableList<String> layers() { return layersView; }
    public ObjectProperty<String> layerProperty() { return layer; }
    /** How many leading directions of W + ΔW are examined (capped per layer at {@link #kMaxProperty}). */
    public IntegerProperty kProperty() { return k; }
    /** The intruder threshold on the best |cos|, in (0, 1]. */
    public DoubleProperty epsilonProperty() { return epsilon; }
    /** Half the selected layer's smaller dimension: the largest k it answers for. */
    public ReadOnlyIntegerProperty kMaxProperty() { return kMax.getReadOnlyProperty(); }
    /** The layer's variants (the similarity matrix shows one). */
    public ObservableList<String> variants() { return variantsView; }
    public ObjectProperty<String> variantProperty() { return variant; }
    public ObservableList<IntruderRow> rows() { return rowsView; }
    public ReadOnlyObjectProperty<JFreeChart> countsChartProperty() { return countsChart.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<JFreeChart> similarityChartProperty() { return similarityChart.getReadOnlyProperty(); }
    /** Why the tab is empty, or what k the layer used. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }

    /** Shows a run's intruder findings (null: none); a recount under way for the last one is dropped. */
    void load(RunResult run) {
        requests.supersede();
        result = run;
        Section7 s = run == null ? Section7.none() : run.section7();
        loading = true;
        layers.setAll(s.layers().stream().map(Section7Layer::path).toList());
        layer.set(null);
        loading = false;
        if (!layers.isEmpty()) {
            layer.set(layers.get(0));
        } else {
            rows.clear();
            countsChart.set(null);
            similarityChart.set(null);
            note.set(run == null ? "No run selected" : Section7ViewModel.NOT_ANALYSED);
        }
    }

    /** The findings of the selected layer, or null. */
    Section7Layer selected() {
        String l = layer.get();
        if (result == null || l == null) {
            return null;
        }
        return result.section7().layers().stream().filter(s -> s.path().equals(l)).findFirst().orElse(null);
    }

    /** The findings of every layer (for the CSV exports). */
    List<Section7Layer> all() {
        return result == null ? List.of() : result.section7().layers();
    }

    /** Layer path → the intruder profile of {@code variant} there, every layer of the run. */
    java.util.Map<String, IntruderProfile> profilesOf(String variantName) {
        return result == null ? java.util.Map.of() : result.section7().profilesOf(variantName);
    }

    /** What a recount produced, handed to the FX thread at once. */
    private record Shown(List<IntruderRow> rows, JFreeChart counts, JFreeChart similarity, String note) {}

    private void refresh() {
        Section7Layer l = selected();
        if (loading || l == null) {
            return;
        }
        int kk = Math.max(1, Math.min(k.get(), l.kMax()));
        double eps = epsilon.get();
        String shownVariant = variant.get();
        SeriesPalette palette = RunReport.palette(result);
        BackgroundTask.wrap(() -> recount(l, kk, eps, shownVariant, palette))
                .dropUnless(requests.next())
                .onSuccess(s -> {
                    rows.setAll(s.rows());
                    countsChart.set(s.counts());
                    similarityChart.set(s.similarity());
                    note.set(s.note());
                })
                .onFailure(error -> note.set("could not count intruders: " + error.getMessage()))
                .executeWith(tasks);
    }

    private static Shown recount(Section7Layer l, int k, double epsilon, String shownVariant, SeriesPalette palette) {
        List<IntruderRow> out = new ArrayList<>();
        for (String name : ordered(l, palette)) {
            IntruderProfile p = l.intruders().get(name);
            int kk = Math.min(k, p.kMax());
            IntruderDimensions d = p.at(kk, epsilon);
            out.add(new IntruderRow(name, kk, d.count(),
                    d.intruders().stream().map(j -> String.valueOf(j + 1)).collect(Collectors.joining(" ")),
                    Arrays.stream(d.bestCosine()).min().orElse(Double.NaN)));
        }
        JFreeChart similarity = shownVariant == null || !l.intruders().containsKey(shownVariant) ? null
                : Section7Charts.similarityChart(l, shownVariant, k);
        String capped = k > Section7Lab.SHOWN ? "; the matrix shows the top " + Section7Lab.SHOWN : "";
        return new Shown(out, Section7Charts.countsChart(l, k, palette), similarity,
                "k = " + k + " of at most " + l.kMax() + " here" + capped);
    }

    private List<String> ordered(Section7Layer l) {
        return ordered(l, RunReport.palette(result));
    }

    private static List<String> ordered(Section7Layer l, SeriesPalette palette) {
        List<String> names = new ArrayList<>(l.intruders().keySet());
        names.sort(palette.order());
        return names;
    }
}
