package dev.lorabench.app.analysis;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The ΔW lab tab: spectra, effective rank and amplification, subspace similarity, truncation. */
final class DeltaWPane {

    private DeltaWPane() {}

    static BorderPane build(DeltaWViewModel vm, AnalysisExports exports, javafx.beans.value.ObservableValue<dev.lorabench.report.ChartStyle> style) {
        ComboBox<String> layer = AnalysisViews.combo("layerCombo", vm.layers(), vm.layerProperty());
        Label note = new Label();
        note.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        note.textProperty().bind(vm.noteProperty());
        HBox bar = AnalysisViews.bar(AnalysisViews.exportButton("deltaWExport", exports,
                        AnalysisExport.SPECTRUM_PNG, AnalysisExport.SPECTRUM_CSV,
                        AnalysisExport.SIMILARITY_PNG, AnalysisExport.SIMILARITY_CSV,
                        AnalysisExport.TRUNCATION_PNG, AnalysisExport.TRUNCATION_CSV),
                new Label("Layer"), layer, note);

        TableView<SpectrumRow> table = AnalysisViews.table("spectrumTable", vm.spectrumRows(), "No ΔW for this layer");
        table.getColumns().add(IntegrityPane.column("ΔW of", SpectrumRow::variant, 90));
        table.getColumns().add(IntegrityPane.column("Effective rank", SpectrumRow::effectiveRankText, 110));
        table.getColumns().add(IntegrityPane.column("90 % energy rank", SpectrumRow::energyRank90Text, 120));
        table.getColumns().add(IntegrityPane.column("Amplification ‖ΔW‖/‖UᵀWV‖", SpectrumRow::amplificationText, 200));
        table.setPrefHeight(140);
        VBox tableBox = new VBox(4, table, AnalysisViews.caption(
                "Effective rank: exp(entropy) of ΔW's singular values σ/Σσ, over all of them. 90 % energy rank: "
                        + "the fewest directions holding 90 % of Σσ². Amplification (LoRA §7.3): how strongly ΔW boosts "
                        + "directions W barely uses."));
        VBox.setVgrow(table, Priority.ALWAYS);

        GridPane grid = AnalysisViews.halfColumns(58, 42);
        grid.add(AnalysisViews.chart("spectrumChart", vm.spectrumChartProperty(), "Select a run with LoRA variants", style), 0, 0);
        grid.add(AnalysisViews.chart("similarityChart", vm.similarityChartProperty(), "No subspace similarity for this layer", style), 1, 0);
        grid.add(tableBox, 0, 1);
        grid.add(AnalysisViews.chart("truncationChart", vm.truncationChartProperty(),
                "The truncation curve needs the full fine-tune", style), 1, 1);

        return AnalysisViews.tab("deltaWPane", grid, bar);
    }
}
