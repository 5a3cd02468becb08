package dev.lorabench.app.analysis;

import dev.lorabench.report.RunReport;
import dev.lorabench.analysis.GainForgetting;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.report.AnalysisCharts;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;

/** The Gain / forgetting tab: Δ errors per class of the shown run, totals of every run in the history. */
public final class GainForgettingViewModel {

    private final ObservableList<RunRecord> history;
    private final ReadOnlyObjectWrapper<JFreeChart> chart = new ReadOnlyObjectWrapper<>();
    private final ObservableList<GainRow> rows = FXCollections.observableArrayList();
    private final ObservableList<GainRow> historyRows = FXCollections.observableArrayList();
    // Read-only views, made once: views keep listeners on them.
    private final ObservableList<GainRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<GainRow> historyRowsView = FXCollections.unmodifiableObservableList(historyRows);

    GainForgettingViewModel(ObservableList<RunRecord> history) {
        this.history = history;
        history.addListener((ListChangeListener<RunRecord>) c -> refreshHistory());
    }

    public ReadOnlyObjectProperty<JFreeChart> chartProperty() { return chart.getReadOnlyProperty(); }
    /** Gain and forgetting of the shown run's variants. */
    public ObservableList<GainRow> rows() { return rowsView; }
    /** Gain and forgetting of every classification run in the history, oldest first. */
    public ObservableList<GainRow> historyRows() { return historyRowsView; }

    /** Shows a run (null: none). */
    void load(RunRecord record) {
        if (record == null || record.result().base().evaluation().isRegression()) {
            chart.set(null);
            rows.clear();
        } else {
            RunResult result = record.result();
            chart.set(AnalysisCharts.gainForgettingChart(result.classNames(), deltas(result), result.targetClasses(),
                    RunReport.palette(result)));
            rows.setAll(rowsOf(record));
        }
        refreshHistory();
    }

    /** Variant → per-class Δ errors against the base (classification runs; empty otherwise). */
    static Map<String, List<Integer>> deltas(RunResult result) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        if (result.base().evaluation().isRegression()) {
            return out;
        }
        List<Integer> base = result.base().evaluation().classErrors();
        for (VariantResult v : result.variants()) {
            out.put(v.spec().name(), GainForgetting.of(base, v.evaluation().classErrors(), result.targetClasses()).deltaErrors());
        }
        return out;
    }

    /** Gain and forgetting rows of one run (empty for regression). */
    static List<GainRow> rowsOf(RunRecord record) {
        RunResult result = record.result();
        if (result.base().evaluation().isRegression()) {
            return List.of();
        }
        List<Integer> base = result.base().evaluation().classErrors();
        return result.variants().stream().map(v -> {
            GainForgetting g = GainForgetting.of(base, v.evaluation().classErrors(), result.targetClasses());
            return new GainRow(record.number(), result.plan().finetune().replay(), v.spec().name(), g.gain(), g.forgetting());
        }).toList();
    }

    private void refreshHistory() {
        List<GainRow> all = new ArrayList<>();
        history.forEach(r -> all.addAll(rowsOf(r)));
        historyRows.setAll(all);
    }
}
