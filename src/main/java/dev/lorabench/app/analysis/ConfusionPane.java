package dev.lorabench.app.analysis;

import atlantafx.base.controls.ToggleSwitch;
import dev.lorabench.report.ConfusionChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;

/** The Confusion tab: a variant's confusion matrix or its Δ against the base; a mistake cell opens the gallery. */
final class ConfusionPane {

    private ConfusionPane() {}

    /** @param openGallery called after a cell click chose a gallery (variant × true × predicted class) */
    static BorderPane build(ConfusionViewModel vm, AnalysisExports exports, Runnable openGallery,
            javafx.beans.value.ObservableValue<dev.lorabench.report.ChartStyle> style) {
        ComboBox<String> variant = AnalysisViews.combo("confusionVariantCombo", vm.variants(), vm.variantProperty());
        ToggleSwitch delta = new ToggleSwitch("Δ vs base");
        delta.setId("confusionDeltaSwitch");
        delta.selectedProperty().bindBidirectional(vm.deltaProperty());
        Label note = AnalysisViews.chartNote("confusionNote", vm.noteProperty(), vm.chartProperty());
        VBox top = new VBox(2, AnalysisViews.bar(
                AnalysisViews.exportButton("confusionExport", exports, AnalysisExport.CONFUSION_PNG, AnalysisExport.CONFUSION_CSV),
                new Label("Variant"), variant, delta), note);

        StackPane chart = AnalysisViews.chart("confusionChart", vm.chartProperty(), vm.noteProperty(), style);
        ChartViewer viewer = (ChartViewer) chart.getChildren().get(0);
        viewer.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX event) {
                if (event.getEntity() instanceof XYItemEntity item) {
                    ConfusionChart.Cell cell = ConfusionChart.cellOf(item.getDataset(), item.getSeriesIndex(), item.getItem());
                    if (vm.openCell(cell.trueClass(), cell.predicted())) {
                        openGallery.run();
                    }
                }
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX event) {}
        });
        return AnalysisViews.tab("confusionPane", chart, top);
    }
}
