package dev.lorabench.app.analysis;

import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/** The Pareto tab: trainable parameters (log) against gain and forgetting, one point per variant. */
final class ParetoPane {

    private ParetoPane() {}

    static BorderPane build(ParetoViewModel vm, AnalysisExports exports, javafx.beans.value.ObservableValue<dev.lorabench.report.ChartStyle> style) {
        VBox top = new VBox(2,
                AnalysisViews.bar(AnalysisViews.exportButton("paretoExport", exports, AnalysisExport.PARETO_PNG,
                        AnalysisExport.PARETO_CSV), AnalysisViews.caption("What each variant's trainable parameters "
                        + "bought (gain: errors removed on the target classes) and cost (forgetting: errors added on the "
                        + "others), against the base; point colour: forgetting, blue less, red more.")),
                AnalysisViews.chartNote("paretoNote", vm.noteProperty(), vm.chartProperty()));
        return AnalysisViews.tab("paretoPane", AnalysisViews.chart("paretoChart", vm.chartProperty(), vm.noteProperty(), style), top);
    }
}
