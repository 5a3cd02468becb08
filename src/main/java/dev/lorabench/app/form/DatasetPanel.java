package dev.lorabench.app.form;

import dev.lorabench.plan.PlanField;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;

/** The Dataset panel: which data, its cache status and Fetch, the fine-tune classes, limits. */
public final class DatasetPanel {

    private DatasetPanel() {}

    public static TitledPane build(ExperimentForm form, DatasetViewModel data) {
        GridPane grid = Fields.grid();

        ComboBox<DatasetChoice> choice = Fields.choice("datasetCombo", List.of(DatasetChoice.values()),
                form.datasetProperty());
        choice.setMaxWidth(Double.MAX_VALUE);
        Fields.markInvalid(choice, form.errorProperty(PlanField.DATASET), "MNIST, Fashion-MNIST, synthetic or a folder");
        Fields.row(grid, "Dataset", choice);

        TextField folder = Fields.text("idxFolderField", form.idxFolderProperty(),
                form.errorProperty(PlanField.DATASET), "A folder with train/t10k images and labels in IDX format");
        Button browse = new Button(null, new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
        browse.setId("browseIdxButton");
        browse.getStyleClass().add(Styles.BUTTON_ICON);
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(form.datasetProperty().get() == DatasetChoice.IMAGE_FOLDER
                    ? "Folder with one sub-folder of images per class" : "Folder with the four IDX files");
            File dir = chooser.showDialog(browse.getScene().getWindow());
            if (dir != null) {
                form.idxFolderProperty().set(dir.getAbsolutePath());
            }
        });
        HBox folderRow = new HBox(4, folder, browse);
        HBox.setHgrow(folder, Priority.ALWAYS);
        Label folderLabel = new Label("Folder");
        grid.add(folderLabel, 0, grid.getRowCount());
        grid.add(folderRow, 1, grid.getRowCount() - 1);
        Runnable folderVisible = () -> {
            boolean idx = form.datasetProperty().get().isFolder();
            folderRow.setVisible(idx);
            folderRow.setManaged(idx);
            folderLabel.setVisible(idx);
            folderLabel.setManaged(idx);
        };
        form.datasetProperty().addListener((obs, was, now) -> folderVisible.run());
        folderVisible.run();

        // Image folders: split, size, colour and early stopping.
        GridPane images = Fields.grid();
        images.setId("imageFolderOptions");
        HBox split = new HBox(4,
                Fields.text("trainFractionField", form.trainFractionProperty(), form.errorProperty(PlanField.SPLIT),
                        "Share of each class's images for training (0–1)"),
                new Label("/"),
                Fields.text("validationFractionField", form.validationFractionProperty(), form.errorProperty(PlanField.SPLIT),
                        "Share for validation (0–1); the test set gets the rest"));
        split.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Fields.row(images, "Train / val.", split);
        Fields.row(images, "Image size", Fields.text("imageSizeField", form.imageSizeProperty(),
                form.errorProperty(PlanField.IMAGE_SIZE), "Images are resized to this many pixels a side (4–512)"));
        Fields.row(images, "", Fields.check("rgbCheck", "Colour (RGB)", form.rgbProperty()));
        Fields.row(images, "Early stop", Fields.text("earlyStoppingField", form.earlyStoppingProperty(),
                form.errorProperty(PlanField.EARLY_STOPPING),
                "Stop a fine-tune after this many epochs without a better validation loss (0: never)"));
        Fields.wide(grid, images);
        Runnable imagesVisible = () -> {
            boolean on = form.datasetProperty().get() == DatasetChoice.IMAGE_FOLDER;
            images.setVisible(on);
            images.setManaged(on);
        };
        form.datasetProperty().addListener((obs, was, now) -> imagesVisible.run());
        imagesVisible.run();

        Label status = new Label();
        status.setId("datasetStatusLabel");
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_SMALL);
        status.textProperty().bind(data.statusTextProperty());
        Button fetch = new Button("Fetch", new FontIcon(MaterialDesignD.DOWNLOAD));
        fetch.setId("fetchButton");
        fetch.setTooltip(new Tooltip("Download and verify the dataset into the local cache"));
        fetch.disableProperty().bind(data.fetchableProperty().not());
        fetch.setOnAction(e -> data.fetch());
        Button fromFolder = new Button("From folder…", new FontIcon(MaterialDesignF.FOLDER_DOWNLOAD_OUTLINE));
        fromFolder.setId("fetchFromFolderButton");
        fromFolder.setTooltip(new Tooltip("Copy and verify the four IDX files (raw or .gz) from a folder into the cache"));
        fromFolder.disableProperty().bind(data.fetchableProperty().not());
        fromFolder.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Folder with the dataset's four IDX files");
            File dir = chooser.showDialog(fromFolder.getScene().getWindow());
            if (dir != null) {
                data.fetch(dir.toPath());
            }
        });
        ProgressBar progress = new ProgressBar();
        progress.setId("fetchProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(data.fetchProgressProperty());
        progress.visibleProperty().bind(data.fetchingProperty());
        progress.managedProperty().bind(data.fetchingProperty());
        HBox fetchRow = new HBox(6, fetch, fromFolder, progress);
        HBox.setHgrow(progress, Priority.ALWAYS);
        Fields.wide(grid, new VBox(4, status, fetchRow));

        ToggleSwitch worst = new ToggleSwitch("Worst class of the base");
        worst.setId("worstClassSwitch");
        worst.selectedProperty().bindBidirectional(form.worstClassProperty());
        Fields.wide(grid, new Label("Fine-tune classes"));
        Fields.wide(grid, worst);

        FlowPane chips = new FlowPane(4, 4);
        chips.setId("classChips");
        for (int c = 0; c < ExperimentForm.CLASS_COUNT; c++) {
            ToggleButton chip = new ToggleButton(String.valueOf(c));
            chip.setId("classChip" + c);
            chip.getStyleClass().add(Styles.SMALL);
            chip.selectedProperty().bindBidirectional(form.classProperty(c));
            chips.getChildren().add(chip);
        }
        chips.disableProperty().bind(form.worstClassProperty()
                .or(form.datasetProperty().isEqualTo(DatasetChoice.SYNTHETIC)));
        Runnable relabel = () -> {
            List<String> names = form.datasetProperty().get().classNames();
            for (int c = 0; c < chips.getChildren().size(); c++) {
                ToggleButton chip = (ToggleButton) chips.getChildren().get(c);
                chip.setTooltip(new Tooltip("Class " + c + ": " + names.get(c)));
                chip.setText(names.get(c).length() <= 3 ? names.get(c) : c + " " + shortName(names.get(c)));
            }
        };
        form.datasetProperty().addListener((obs, was, now) -> relabel.run());
        relabel.run();
        Fields.markInvalid(worst, form.errorProperty(PlanField.CLASSES), "Fine-tune on the base's worst class");
        Fields.wide(grid, chips);
        Fields.row(grid, "Companion classes", Fields.text("companionClassesField", form.companionClassesProperty(),
                form.errorProperty(PlanField.COMPANION_CLASSES), "Optional, e.g. 1,7: each plain LoRA variant is also"
                        + " fine-tuned on these classes from the same base, and the two adapters are combined"
                        + " (none of the fine-tune classes)"));

        Fields.row(grid, "Replay", Fields.text("replayField", form.replayProperty(),
                form.errorProperty(PlanField.REPLAY), "Fraction (0–1) of the other classes' rows mixed into the fine-tune"));
        Fields.row(grid, "Train limit", Fields.text("trainLimitField", form.trainLimitProperty(),
                form.errorProperty(PlanField.TRAIN_LIMIT), "Use the first N training rows (0: all)"));
        Fields.row(grid, "Test limit", Fields.text("testLimitField", form.testLimitProperty(),
                form.errorProperty(PlanField.TEST_LIMIT), "Use the first N test rows (0: all)"));

        TitledPane pane = new TitledPane("Dataset", grid);
        pane.setId("datasetPane");
        pane.setGraphic(new FontIcon(MaterialDesignD.DATABASE_OUTLINE));
        return pane;
    }

    private static String shortName(String name) {
        String first = name.split("[ /]")[0];
        return first.length() > 7 ? first.substring(0, 7) : first;
    }
}
