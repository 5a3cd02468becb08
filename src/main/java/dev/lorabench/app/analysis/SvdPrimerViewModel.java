package dev.lorabench.app.analysis;

import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.SvdPrimer;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.LatestWins;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.report.AnalysisCharts;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
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
 * The SVD primer tab: a base weight's singular values and its rank-k approximations. The SVD runs
 * in the background; only the answer for the latest chosen layer is shown.
 */
public final class SvdPrimerViewModel {

    private final TaskExecutor tasks;
    private final LatestWins requests = new LatestWins();
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObservableList<String> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObjectProperty<String> layer = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<SvdPrimer> primer = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty k = new SimpleIntegerProperty(1);
    private final ReadOnlyObjectWrapper<JFreeChart> chart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper shape = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper atK = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper computing = new ReadOnlyBooleanWrapper(false);
    private RunRecord run;

    SvdPrimerViewModel(TaskExecutor tasks) {
        this.tasks = tasks;
        layer.addListener((obs, was, now) -> compute(now));
        k.addListener((obs, was, now) -> showK());
    }

    /** The base weights the primer can factorise (layer paths, sorted). */
    public ObservableList<String> layers() { return layersView; }
    public ObjectProperty<String> layerProperty() { return layer; }
    public ReadOnlyObjectProperty<SvdPrimer> primerProperty() { return primer.getReadOnlyProperty(); }
    /** The rank k of the approximation (1 … number of singular values). */
    public IntegerProperty kProperty() { return k; }
    public ReadOnlyObjectProperty<JFreeChart> chartProperty() { return chart.getReadOnlyProperty(); }
    /** Shape and numerical rank, one line. */
    public ReadOnlyStringProperty shapeProperty() { return shape.getReadOnlyProperty(); }
    /** Error and storage at k, one line. */
    public ReadOnlyStringProperty atKProperty() { return atK.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty computingProperty() { return computing.getReadOnlyProperty(); }

    /** Shows a run (null: none), starting on its first base weight. */
    void load(RunRecord record) {
        run = record;
        List<String> weights = record == null || record.result().artifacts() == null ? List.of()
                : record.result().artifacts().baseWeights().keySet().stream().sorted().toList();
        layers.setAll(weights);
        primer.set(null);
        chart.set(null);
        shape.set(weights.isEmpty() ? "This run kept no base weights to factorise" : "");
        atK.set("");
        layer.set(null);
        if (!weights.isEmpty()) {
            layer.set(weights.get(0));
        }
    }

    private void compute(String path) {
        var ticket = requests.next();
        if (run == null || path == null || run.result().artifacts() == null) {
            primer.set(null);
            chart.set(null);
            computing.set(false);
            return;
        }
        Matrix w = run.result().artifacts().baseWeights().get(path);
        if (w == null) {
            return;
        }
        BackgroundTask.wrap(() -> SvdPrimer.of(w))
                .dropUnless(ticket)
                .onRunning(() -> {
                    computing.set(true);
                    shape.set("factorising " + w.rows() + "×" + w.cols() + "…");
                })
                .onFinished(() -> computing.set(false))
                .onSuccess(this::show)
                .onFailure(error -> shape.set("SVD failed: " + error.getMessage()))
                .executeWith(tasks);
    }

    private void show(SvdPrimer p) {
        primer.set(p);
        int shortSide = Math.min(p.rows(), p.cols());
        shape.set(String.format(Locale.ROOT, "W is %d×%d (%,d values) · numerical rank %d%s",
                p.rows(), p.cols(), (long) p.rows() * p.cols(), p.numericalRank(),
                p.sigma().length < shortSide ? " among the top " + p.sigma().length + " of " + shortSide + " singular values" : ""));
        int clamped = Math.max(1, Math.min(k.get(), p.sigma().length));
        if (clamped == k.get()) {
            showK();
        } else {
            k.set(clamped);
        }
    }

    private void showK() {
        SvdPrimer p = primer.get();
        if (p == null || p.sigma().length == 0) {
            atK.set("");
            return;
        }
        int at = Math.max(1, Math.min(k.get(), p.sigma().length));
        long full = (long) p.rows() * p.cols();
        long stored = p.parametersAtK()[at - 1];
        atK.set(String.format(Locale.ROOT,
                "k = %d: σ_k = %.4g · relative error ‖W − W_k‖/‖W‖ = %.4f · storage k·(m+n) = %,d vs m·n = %,d (%.1f%%)",
                at, p.sigma()[at - 1], p.relativeError()[at - 1], stored, full, 100.0 * stored / full));
        chart.set(AnalysisCharts.svdPrimerChart(layer.get(), p, at));
    }
}
