package dev.lorabench.app.analysis;

import dev.lorabench.app.support.Follow;
import dev.lorabench.report.ChartStyle;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The "ΔW over time" tab: a timeline slider over the sampled steps; the spectrum at the step with
 * the final one faint; ranks and φ over the steps; and "remove direction i" with its per-class bars.
 */
final class DeltaWTimelinePane {

    private DeltaWTimelinePane() {}

    static BorderPane build(DeltaWTimelineViewModel vm, AnalysisExports exports, ObservableValue<ChartStyle> style) {
        ComboBox<String> variant = AnalysisViews.combo("timelineVariantCombo", vm.variants(), vm.variantProperty());
        ComboBox<String> layer = AnalysisViews.combo("timelineLayerCombo", vm.layers(), vm.layerProperty());
        Label note = AnalysisViews.caption("");
        note.setId("timelineNote");
        note.textProperty().bind(vm.noteProperty());
        HBox bar = AnalysisViews.bar(AnalysisViews.exportButton("timelineExport", exports,
                        AnalysisExport.DW_TIMELINE_CSV, AnalysisExport.DW_STEP_SPECTRUM_PNG, AnalysisExport.DW_RANKS_PNG,
                        AnalysisExport.DW_DIRECTION_PNG, AnalysisExport.DW_DIRECTION_CSV),
                new Label("Variant"), variant, new Label("Layer"), layer, note);

        Slider step = new Slider(0, 0, 0);
        step.setId("timelineSlider");
        step.setMajorTickUnit(1);
        step.setMinorTickCount(0);
        step.setSnapToTicks(true);
        step.setPrefWidth(360);
        step.valueProperty().addListener((obs, was, now) -> vm.stepIndexProperty().set((int) Math.round(now.doubleValue())));
        // The range before the value: a value beyond the old range would be clamped (and written back).
        Follow.values(() -> {
            step.setMax(Math.max(0, vm.stepCountProperty().get() - 1));
            step.setValue(vm.stepIndexProperty().get());
        }, vm.stepCountProperty(), vm.stepIndexProperty());
        step.disableProperty().bind(vm.stepCountProperty().lessThan(2));
        Label at = new Label();
        at.setId("timelineStepText");
        at.setWrapText(true);
        at.textProperty().bind(vm.stepTextProperty());
        HBox stepRow = AnalysisViews.row(new Label("step"), step, at);
        HBox.setHgrow(at, Priority.ALWAYS);

        ComboBox<DirectionChoice> direction = AnalysisViews.combo("timelineDirectionCombo", vm.directions(), vm.directionProperty());
        direction.setPromptText("remove direction…");
        Label effect = AnalysisViews.caption("");
        effect.setId("timelineEffectText");
        effect.textProperty().bind(vm.effectTextProperty());
        HBox removeRow = AnalysisViews.row(new Label("Remove from the final ΔW"), direction,
                AnalysisViews.busy(vm.computingProperty()), effect);
        HBox.setHgrow(effect, Priority.ALWAYS);
        VBox effectBox = new VBox(4, removeRow, AnalysisViews.chart("timelineEffectChart", vm.effectChartProperty(),
                "Choose a direction σᵢ·uᵢ·vᵢᵀ to take out of this layer's trained ΔW: the variant is re-evaluated "
                        + "on the test set without it, and the bars show which classes it moves.", style));
        VBox.setVgrow(effectBox.getChildren().get(1), Priority.ALWAYS);

        GridPane grid = AnalysisViews.halfColumns(50, 50);
        grid.add(AnalysisViews.chart("timelineSpectrumChart", vm.spectrumChartProperty(), vm.noteProperty(), style), 0, 0);
        grid.add(AnalysisViews.chart("timelineRanksChart", vm.ranksChartProperty(), vm.noteProperty(), style), 1, 0);
        grid.add(effectBox, 0, 1, 2, 1);

        VBox top = new VBox(4, bar, stepRow, AnalysisViews.caption("Each LoRA variant's adapters were copied about 20 times "
                + "while it fine-tuned (same steps as its trajectory). Scrub to see ΔW = s·B·A's singular values grow; "
                + "φ says how much of the final top directions (up to 4) a step already has: input side from A, output "
                + "side from B."));
        return AnalysisViews.tab("timelinePane", grid, top);
    }
}
