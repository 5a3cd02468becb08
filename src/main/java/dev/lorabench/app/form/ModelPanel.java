package dev.lorabench.app.form;

import dev.lorabench.plan.PlanField;
import atlantafx.base.theme.Styles;
import dev.lorabench.model.Architecture;
import java.io.File;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;

/** The Model panel: architecture with its parameter count, and how the base comes about. */
public final class ModelPanel {

    private ModelPanel() {}

    public static TitledPane build(ExperimentForm form, ParameterCountViewModel parameters) {
        GridPane grid = Fields.grid();

        ComboBox<Architecture> architecture = Fields.choice("architectureCombo", List.of(Architecture.values()),
                form.architectureProperty());
        architecture.setMaxWidth(Double.MAX_VALUE);
        architecture.setCellFactory(list -> new ArchitectureCell());
        architecture.setButtonCell(new ArchitectureCell());
        Fields.row(grid, "Architecture", architecture);

        Label count = new Label();
        count.setId("parameterCountLabel");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(parameters.textProperty());
        Fields.row(grid, "", count);

        ToggleGroup baseMode = new ToggleGroup();
        RadioButton trainNow = new RadioButton("Train now");
        trainNow.setId("trainBaseRadio");
        trainNow.setToggleGroup(baseMode);
        RadioButton loadSaved = new RadioButton("Load saved base");
        loadSaved.setId("loadBaseRadio");
        loadSaved.setToggleGroup(baseMode);
        (form.loadBaseProperty().get() ? loadSaved : trainNow).setSelected(true);
        loadSaved.selectedProperty().addListener((obs, was, now) -> form.loadBaseProperty().set(now));
        form.loadBaseProperty().addListener((obs, was, now) -> (now ? loadSaved : trainNow).setSelected(true));
        Fields.row(grid, "Base", new VBox(4, trainNow, loadSaved));

        TextField epochs = Fields.text("baseEpochsField", form.baseEpochsProperty(),
                form.errorProperty(PlanField.BASE_EPOCHS),
                "Epochs to train the base, or a loaded base's new output layer (at least 1)");
        epochs.disableProperty().bind(form.baseEpochsApplyProperty().not());
        Fields.row(grid, "Base epochs", epochs);

        Fields.row(grid, "Base dataset", Fields.text("baseDatasetField", form.baseDatasetProperty(),
                form.errorProperty(PlanField.BASE_DATASET),
                "Train the base on another dataset (e.g. mnist), then adapt it to the chosen one; blank: the same"));

        TextField baseFile = Fields.text("baseFileField", form.baseFileProperty(),
                form.errorProperty(PlanField.BASE_FILE),
                "A base.params file saved by an earlier run, or a PyTorch state dict (.safetensors)");
        Button browse = new Button(null, new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
        browse.setId("browseBaseButton");
        browse.getStyleClass().add(Styles.BUTTON_ICON);
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Load saved base");
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter(
                            "lorabench base or PyTorch state dict", "*.params", "*.safetensors"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File file = chooser.showOpenDialog(browse.getScene().getWindow());
            if (file != null) {
                form.baseFileProperty().set(file.getAbsolutePath());
            }
        });
        HBox fileRow = new HBox(4, baseFile, browse);
        HBox.setHgrow(baseFile, Priority.ALWAYS);
        fileRow.disableProperty().bind(form.loadBaseProperty().not());
        Fields.row(grid, "Base file", fileRow);

        CheckBox newHead = Fields.check("newHeadCheck", "New output layer (train head)", form.newHeadProperty());
        newHead.setTooltip(new Tooltip("Replace the state dict's output layer by a fresh one for this dataset's"
                + " classes and train it for the base epochs"));
        newHead.disableProperty().bind(form.newHeadAvailableProperty().not());
        Fields.row(grid, "", newHead);
        Fields.wide(grid, Fields.caption("A new output layer is for a .safetensors base made for another number"
                + " of classes; a base.params file always fits its model."));

        Fields.row(grid, "Batch size", Fields.text("batchSizeField", form.batchSizeProperty(),
                form.errorProperty(PlanField.BATCH_SIZE), "Samples per optimizer step (base and fine-tunes)"));
        Fields.row(grid, "Learning rate", Fields.text("lrField", form.lrProperty(),
                form.errorProperty(PlanField.LR), "Adam learning rate (base and fine-tunes), e.g. 0.001"));
        Fields.wide(grid, Fields.caption("Batch size and learning rate apply to the base and every fine-tune."));

        TitledPane pane = new TitledPane("Model", grid);
        pane.setId("modelPane");
        pane.setGraphic(new FontIcon(MaterialDesignC.CUBE_OUTLINE));
        return pane;
    }

    private static final class ArchitectureCell extends ListCell<Architecture> {
        @Override
        protected void updateItem(Architecture item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.displayName());
        }
    }
}
