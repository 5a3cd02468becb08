package dev.lorabench.app.analysis;

import dev.lorabench.app.run.RunRecord;
import dev.lorabench.report.RunReport;
import dev.lorabench.report.TrajectoryChart;
import dev.lorabench.report.TrajectoryCurve;
import dev.lorabench.train.RunResult;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;

/**
 * The Trajectories tab: each variant's gain (y) against its forgetting (x) at the steps sampled
 * while it fine-tuned, or a note that the run sampled none.
 */
public final class TrajectoryViewModel {

    /** What the tab says when no variant of the run has a trajectory. */
    public static final String NONE = "This run did not sample a learning–forgetting trajectory";

    private final ReadOnlyObjectWrapper<JFreeChart> chart = new ReadOnlyObjectWrapper<>();
    private final ObservableList<TrajectoryCurve> curves = FXCollections.observableArrayList();
    private final ObservableList<TrajectoryCurve> curvesView = FXCollections.unmodifiableObservableList(curves);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");

    TrajectoryViewModel() {}

    /** Null when no variant has a point to draw. */
    public ReadOnlyObjectProperty<JFreeChart> chartProperty() { return chart.getReadOnlyProperty(); }
    /** Every variant's curve (empty ones included), in the run's order. */
    public ObservableList<TrajectoryCurve> curves() { return curvesView; }
    /** Why there is no chart, or which variants it leaves out. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }

    /** Shows a run (null: none). */
    void load(RunRecord record) {
        RunResult result = record == null ? null : record.result();
        List<TrajectoryCurve> list = result == null ? List.of() : TrajectoryCurve.of(result);
        curves.setAll(list);
        boolean any = list.stream().anyMatch(c -> !c.steps().isEmpty());
        chart.set(any ? chartOf(result) : null);
        List<String> without = list.stream().filter(c -> c.steps().isEmpty()).map(TrajectoryCurve::name).toList();
        int leftOut = list.stream().mapToInt(TrajectoryCurve::leftOut).sum();
        note.set(result == null ? "Select a finished run"
                : result.base().evaluation().isRegression() ? "A regression run has no target classes to gain on"
                : !any ? NONE + (leftOut > 0 ? " it could compare with the base" : "")
                : (without.isEmpty() ? "" : "No trajectory sampled for " + String.join(", ", without) + ". ")
                        + (leftOut > 0 ? leftOut + " sampled points had no base on the same test rows and are left out." : ""));
    }

    /** The chart of a classification run (what the tab shows and the PNG export draws). */
    static JFreeChart chartOf(RunResult result) {
        return TrajectoryChart.chart(TrajectoryCurve.of(result), targetNames(result), RunReport.palette(result));
    }

    /** The names of the run's target classes. */
    static List<String> targetNames(RunResult result) {
        return result.targetClasses().stream()
                .map(c -> c < result.classNames().size() ? result.classNames().get(c) : String.valueOf(c)).toList();
    }
}
