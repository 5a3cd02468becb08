package dev.lorabench.app.analysis;

import dev.lorabench.report.ChartStyle;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The LoRA §7 tab: φ(8, 64), seeds beside the Gaussian control, and the amplification table. */
final class Section7Pane {

    private Section7Pane() {}

    static BorderPane build(Section7ViewModel vm, AnalysisExports exports, ObservableValue<ChartStyle> style) {
        ComboBox<String> layer = AnalysisViews.combo("section7LayerCombo", vm.layers(), vm.layerProperty());
        Label note = AnalysisViews.caption("");
        note.setId("section7Note");
        note.textProperty().bind(vm.noteProperty());
        HBox bar = AnalysisViews.bar(AnalysisViews.exportButton("section7Export", exports,
                        AnalysisExport.PHI_RANKS_PNG, AnalysisExport.PHI_SEEDS_PNG, AnalysisExport.PHI_RANDOM_PNG,
                        AnalysisExport.PHI_CSV, AnalysisExport.AMPLIFICATION_CSV),
                new Label("Layer"), layer, note);

        TableView<AmplificationRow> table = AnalysisViews.table("amplificationTable", vm.amplificationRows(),
                "No amplification rows for this layer");
        table.getColumns().add(IntegrityPane.column("ΔW of", AmplificationRow::variant, 90));
        table.getColumns().add(IntegrityPane.column("r", AmplificationRow::rankText, 40));
        table.getColumns().add(IntegrityPane.column("‖ΔW‖", AmplificationRow::deltaNormText, 80));
        table.getColumns().add(IntegrityPane.column("‖UᵀWV‖ ΔW's", AmplificationRow::onDeltaText, 100));
        table.getColumns().add(IntegrityPane.column("W's", AmplificationRow::onWeightText, 80));
        table.getColumns().add(IntegrityPane.column("random", AmplificationRow::onRandomText, 80));
        table.getColumns().add(IntegrityPane.column("factor ‖ΔW‖/‖UᵀWV‖", AmplificationRow::factorText, 140));
        VBox tableBox = new VBox(4, AnalysisViews.bold("Amplification (Table 7)"), table, AnalysisViews.caption(
                "‖UᵀWV‖ with U, V the top-r directions of ΔW, of W, or random ones; the factor is how strongly ΔW "
                        + "amplifies the directions it shares with W (the paper: about 21 at r = 4 for GPT-3's W_q). "
                        + "LoRA at its rank, the full fine-tune at r = 4."));
        VBox.setVgrow(table, Priority.ALWAYS);

        Label rankNote = AnalysisViews.caption("");
        rankNote.textProperty().bind(vm.rankNoteProperty());
        VBox rank = new VBox(2, rankNote, AnalysisViews.grow(AnalysisViews.chart("phiRankChart", vm.rankChartProperty(),
                "No φ between ranks for this run", style)));
        Label seedNote = AnalysisViews.caption("");
        seedNote.textProperty().bind(vm.seedNoteProperty());
        GridPane seeds = AnalysisViews.halfColumns(100);
        seeds.add(AnalysisViews.chart("phiSeedChart", vm.seedChartProperty(), "No second seed (run with --seeds 2)", style), 0, 0);
        seeds.add(AnalysisViews.chart("phiRandomChart", vm.randomChartProperty(), "No Gaussian control without seed maps", style),
                1, 0);
        VBox seedBox = new VBox(2, seedNote, AnalysisViews.grow(seeds));

        GridPane grid = AnalysisViews.halfColumns(55, 45);
        grid.add(rank, 0, 0);
        grid.add(tableBox, 1, 0);
        grid.add(seedBox, 0, 1, 2, 1);
        return AnalysisViews.tab("section7Pane", grid, bar);
    }


}
