package dev.lorabench.app;

import atlantafx.base.theme.Styles;
import javafx.collections.FXCollections;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;

/** The Ranks panel: LoRA ranks, the full fine-tune baseline and the fine-tune settings. */
final class RanksPanel {

    private RanksPanel() {}

    static TitledPane build(ExperimentForm form) {
        GridPane grid = Fields.grid();

        FlowPane variants = new FlowPane(10, 6);
        variants.setId("rankChecks");
        for (int r = 1; r <= ExperimentForm.MAX_RANK; r++) {
            CheckBox check = new CheckBox("r" + r);
            check.setId("rank" + r + "Check");
            check.selectedProperty().bindBidirectional(form.rankProperty(r));
            variants.getChildren().add(check);
        }
        CheckBox full = new CheckBox("full fine-tune baseline");
        full.setId("fullCheck");
        full.selectedProperty().bindBidirectional(form.fullProperty());
        variants.getChildren().add(full);
        Fields.wide(grid, new Label("LoRA ranks"));
        Fields.wide(grid, variants);
        Label rankError = new Label();
        rankError.setId("ranksError");
        rankError.setWrapText(true);
        rankError.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        rankError.textProperty().bind(form.errorProperty(FormField.RANKS));
        rankError.visibleProperty().bind(rankError.textProperty().isNotEmpty());
        rankError.managedProperty().bind(rankError.visibleProperty());
        Fields.wide(grid, rankError);

        Fields.row(grid, "α (alpha)", Fields.text("alphaField", form.alphaProperty(),
                form.errorProperty(FormField.ALPHA), "LoRA scale numerator: updates are scaled by α/r"));
        CheckBox rsLora = new CheckBox("rsLoRA (α/√r)");
        rsLora.setId("rsLoraCheck");
        rsLora.selectedProperty().bindBidirectional(form.rsLoraProperty());
        Fields.row(grid, "", rsLora);
        ComboBox<String> targets = new ComboBox<>(FXCollections.observableArrayList(ExperimentForm.TARGET_OPTIONS));
        targets.setId("targetsCombo");
        targets.valueProperty().bindBidirectional(form.targetsProperty());
        Fields.markInvalid(targets, form.errorProperty(FormField.TARGETS), "Layers to adapt: linear, conv or all");
        Fields.row(grid, "Adapt layers", targets);
        Fields.row(grid, "Fine-tune epochs", Fields.text("finetuneEpochsField", form.finetuneEpochsProperty(),
                form.errorProperty(FormField.FINETUNE_EPOCHS), "Epochs over the fine-tune rows (at least 1)"));
        Fields.row(grid, "Step limit", Fields.text("finetuneStepsField", form.finetuneStepsProperty(),
                form.errorProperty(FormField.FINETUNE_STEPS), "Stop each fine-tune after N steps (0: run all epochs)"));
        Fields.row(grid, "Seed", Fields.text("seedField", form.seedProperty(),
                form.errorProperty(FormField.SEED), "Random seed for initialisation and shuffles"));

        TitledPane pane = new TitledPane("Ranks", grid);
        pane.setId("ranksPane");
        pane.setGraphic(new FontIcon(MaterialDesignF.FORMAT_LIST_NUMBERED));
        return pane;
    }
}
