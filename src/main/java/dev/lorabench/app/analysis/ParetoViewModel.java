package dev.lorabench.app.analysis;

import dev.lorabench.app.run.RunRecord;
import dev.lorabench.report.ParetoChart;
import dev.lorabench.report.ParetoPoint;
import dev.lorabench.report.RunReport;
import dev.lorabench.train.RunResult;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;

/** The Pareto tab: each variant's trainable parameters against its gain and forgetting, over its seeds. */
public final class ParetoViewModel {

    private final ReadOnlyObjectWrapper<JFreeChart> chart = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ParetoPoint> points = FXCollections.observableArrayList();
    private final ObservableList<ParetoPoint> pointsView = FXCollections.unmodifiableObservableList(points);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");

    ParetoViewModel() {}

    /** Null when there is nothing to draw. */
    public ReadOnlyObjectProperty<JFreeChart> chartProperty() { return chart.getReadOnlyProperty(); }
    /** One point per variant of the shown run, in its order (those whose seeds all diverged included, not drawn). */
    public ObservableList<ParetoPoint> points() { return pointsView; }
    /** Why the chart is empty, or how many seeds the points are over. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }

    /** Shows a run (null: none). */
    void load(RunRecord record) {
        RunResult result = record == null ? null : record.result();
        List<ParetoPoint> list = result == null ? List.of() : ParetoPoint.of(result);
        points.setAll(list);
        chart.set(list.stream().anyMatch(ParetoPoint::drawn) ? chartOf(result) : null);
        int seeds = list.stream().mapToInt(p -> p.seeds() + p.divergedSeeds()).max().orElse(0);
        note.set(result == null ? "Select a finished run"
                : result.base().evaluation().isRegression() ? "A regression run has no target classes to gain on"
                : list.stream().noneMatch(ParetoPoint::drawn) ? "Every variant diverged: nothing to draw"
                : seeds > 1 ? "Points: mean of " + seeds + " seeds per variant (diverged seeds left out); whiskers: min–max"
                : "One seed: no spread (run with several seeds for whiskers)");
    }

    /** The chart of a classification run (what the tab shows and the PNG export draws). */
    static JFreeChart chartOf(RunResult result) {
        return ParetoChart.chart(ParetoPoint.of(result), TrajectoryViewModel.targetNames(result), RunReport.palette(result));
    }
}
