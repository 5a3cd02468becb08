package dev.lorabench.app.analysis;

import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/** The Trajectories tab: gain against forgetting at the steps sampled during each variant's fine-tune. */
final class TrajectoryPane {

    private TrajectoryPane() {}

    static BorderPane build(TrajectoryViewModel vm, AnalysisExports exports, javafx.beans.value.ObservableValue<dev.lorabench.report.ChartStyle> style) {
        VBox top = new VBox(2,
                AnalysisViews.bar(AnalysisViews.exportButton("trajectoryExport", exports, AnalysisExport.TRAJECTORY_PNG,
                        AnalysisExport.TRAJECTORY_CSV), AnalysisViews.caption("Each variant's path while it fine-tuned: "
                        + "x = forgetting (errors added on the other classes), y = gain (errors removed on the targets), "
                        + "both against the base, joined in step order. Up and left is learning without forgetting.")),
                AnalysisViews.chartNote("trajectoryNote", vm.noteProperty(), vm.chartProperty()));
        return AnalysisViews.tab("trajectoryPane",
                AnalysisViews.chart("trajectoryChart", vm.chartProperty(), vm.noteProperty(), style), top);
    }
}
