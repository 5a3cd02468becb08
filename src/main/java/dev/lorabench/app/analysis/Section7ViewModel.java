package dev.lorabench.app.analysis;

import dev.lorabench.analysis.Section7;
import dev.lorabench.analysis.Section7Layer;
import dev.lorabench.report.RunReport;
import dev.lorabench.report.Section7Charts;
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

/**
 * The LoRA §7 tab: for one adapted layer, φ between the A factors of ranks 8 and 64 (the paper's
 * Fig. 3), between two seeds beside a Gaussian control (Fig. 4), and Table 7's amplification rows.
 * The findings were computed during the run; this only picks a layer's.
 */
public final class Section7ViewModel {

    /** What the tab says for a run without findings. */
    static final String NOT_ANALYSED = "This run has no §7 findings: tick \"LoRA §7 & intruders\" in the Ranks panel"
            + " (or --section7) before running; the transfer-fashion preset has it on";

    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObjectProperty<String> layer = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<JFreeChart> rankChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JFreeChart> seedChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JFreeChart> randomChart = new ReadOnlyObjectWrapper<>();
    private final ObservableList<AmplificationRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rankNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper seedNote = new ReadOnlyStringWrapper("");
    private final ObservableList<String> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObservableList<AmplificationRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private RunResult result;

    Section7ViewModel() {
        layer.addListener((obs, was, now) -> showLayer());
    }

    public ObservableList<String> layers() { return layersView; }
    public ObjectProperty<String> layerProperty() { return layer; }
    /** φ(A of the smaller rank, A of the larger), Fig. 3. */
    public ReadOnlyObjectProperty<JFreeChart> rankChartProperty() { return rankChart.getReadOnlyProperty(); }
    /** φ(A seed 0, A seed 1) of one variant, Fig. 4. */
    public ReadOnlyObjectProperty<JFreeChart> seedChartProperty() { return seedChart.getReadOnlyProperty(); }
    /** φ of two Gaussian matrices of the seed grid's shapes, Fig. 4's control. */
    public ReadOnlyObjectProperty<JFreeChart> randomChartProperty() { return randomChart.getReadOnlyProperty(); }
    public ObservableList<AmplificationRow> amplificationRows() { return rowsView; }
    /** Why the tab is empty, or "". */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
    /** Which rank pair the Fig. 3 map compares, or why there is none. */
    public ReadOnlyStringProperty rankNoteProperty() { return rankNote.getReadOnlyProperty(); }
    /** Which variant the seed maps compare, or why there are none. */
    public ReadOnlyStringProperty seedNoteProperty() { return seedNote.getReadOnlyProperty(); }

    /** Shows a run's findings (null: none). */
    void load(RunResult run) {
        result = run;
        Section7 s = run == null ? Section7.none() : run.section7();
        layers.setAll(s.layers().stream().map(Section7Layer::path).toList());
        rankNote.set(s.pair() == null ? "No two ranks of plain LoRA to compare" : "φ of " + s.pair().describe());
        seedNote.set(s.seedVariant() == null ? "Seed maps need --seeds 2 or more"
                : "φ between " + s.seedVariant().name() + "'s A of seeds 0 and 1, beside two Gaussian matrices");
        layer.set(null);
        if (!layers.isEmpty()) {
            layer.set(layers.get(0));
        } else {
            note.set(run == null ? "No run selected" : NOT_ANALYSED);
            showLayer();
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

    private void showLayer() {
        Section7Layer s = selected();
        if (s == null) {
            rankChart.set(null);
            seedChart.set(null);
            randomChart.set(null);
            rows.clear();
            return;
        }
        note.set("");
        rankChart.set(s.rankGrid() == null ? null : Section7Charts.phiChart(
                "φ(" + s.rankGrid().rows() + ", " + s.rankGrid().cols() + ") — layer " + s.path(), s.rankGrid()));
        seedChart.set(s.seedGrid() == null ? null : Section7Charts.phiChart("φ between seeds — layer " + s.path(), s.seedGrid()));
        randomChart.set(s.randomGrid() == null ? null
                : Section7Charts.phiChart("Gaussian control — layer " + s.path(), s.randomGrid()));
        List<String> names = new ArrayList<>(s.amplification().keySet());
        names.sort(RunReport.palette(result).order());
        rows.setAll(names.stream().map(n -> new AmplificationRow(n, s.amplification().get(n))).toList());
    }
}
