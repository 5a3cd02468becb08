package dev.lorabench.app.analysis;

import dev.lorabench.report.RunReport;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.report.AnalysisCharts;
import dev.lorabench.train.RunResult;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;

/** The ΔW lab tab: one adapted layer's spectra, effective ranks, subspace similarity; the truncation curve. */
public final class DeltaWViewModel {

    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObjectProperty<String> layer = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<JFreeChart> spectrumChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JFreeChart> similarityChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JFreeChart> truncationChart = new ReadOnlyObjectWrapper<>();
    private final ObservableList<SpectrumRow> spectrumRows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    // Read-only views, made once: views keep listeners on them.
    private final ObservableList<String> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObservableList<SpectrumRow> spectrumRowsView = FXCollections.unmodifiableObservableList(spectrumRows);
    private RunResult result;

    DeltaWViewModel() {
        layer.addListener((obs, was, now) -> showLayer(now));
    }

    /** The adapted layers (paths) of the shown run. */
    public ObservableList<String> layers() { return layersView; }
    public ObjectProperty<String> layerProperty() { return layer; }
    public ReadOnlyObjectProperty<JFreeChart> spectrumChartProperty() { return spectrumChart.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<JFreeChart> similarityChartProperty() { return similarityChart.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<JFreeChart> truncationChartProperty() { return truncationChart.getReadOnlyProperty(); }
    public ObservableList<SpectrumRow> spectrumRows() { return spectrumRowsView; }
    /** Why the lab is empty, or "" when it shows a layer. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }

    /** Shows a run's ΔW analysis (null: none). */
    void load(RunResult run) {
        result = run;
        layers.setAll(run == null ? List.of() : run.spectra().stream().map(LayerSpectra::path).toList());
        layer.set(null);
        if (!layers.isEmpty()) {
            layer.set(layers.get(0));
        } else {
            note.set(run == null ? "No run selected" : "This run has no ΔW analysis (no adapted layers)");
        }
        truncationChart.set(run == null || run.truncation() == null ? null : AnalysisCharts.truncationChart(run.truncation()));
    }

    /** The spectra of the selected layer, or null. */
    LayerSpectra selectedSpectra() {
        String l = layer.get();
        if (result == null || l == null) {
            return null;
        }
        return result.spectra().stream().filter(s -> s.path().equals(l)).findFirst().orElse(null);
    }

    private void showLayer(String path) {
        LayerSpectra s = selectedSpectra();
        if (path == null || s == null) {
            spectrumChart.set(null);
            similarityChart.set(null);
            spectrumRows.clear();
            return;
        }
        note.set("");
        spectrumChart.set(AnalysisCharts.spectrumChart(s));
        similarityChart.set(s.similarityLabels().isEmpty() ? null : AnalysisCharts.similarityChart(s));
        List<String> names = new ArrayList<>(s.effectiveRank().keySet());
        names.sort(RunReport.palette(result).order());
        spectrumRows.setAll(names.stream().map(n -> new SpectrumRow(n, s.effectiveRank().get(n),
                s.energyRank90().getOrDefault(n, 0), s.amplification().getOrDefault(n, Double.NaN))).toList());
    }
}
