package dev.lorabench.app;

import atlantafx.base.theme.Styles;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/**
 * Builds the workbench's scene root: toolbar on top, setup panes on the left, the plot area in
 * the centre and a status bar at the bottom. Nodes that tests and later wiring need carry ids.
 */
public final class MainWindow {

    /** Stylesheet with the few workbench-specific rules; AtlantaFX colour variables only. */
    public static final String STYLESHEET = "workbench.css";

    private final BorderPane root = new BorderPane();
    private final Button runButton = toolButton("runButton", "Run", MaterialDesignP.PLAY, "Start the experiment");
    private final Button cancelButton =
            toolButton("cancelButton", "Cancel", MaterialDesignS.STOP, "Cancel the running experiment");
    private final Button exportButton =
            toolButton("exportButton", "Export", MaterialDesignE.EXPORT, "Export results");
    private final ToggleButton themeToggle = new ToggleButton();
    private final Label statusLabel = new Label("Ready");
    private final ProgressBar progressBar = new ProgressBar(0);

    public MainWindow() {
        root.getStyleClass().add("workbench");
        root.getStylesheets().add(
                Objects.requireNonNull(MainWindow.class.getResource(STYLESHEET), STYLESHEET).toExternalForm());
        root.setTop(buildToolBar());
        root.setLeft(buildSidePanel());
        root.setCenter(buildCentre());
        root.setBottom(buildStatusBar());
    }

    public BorderPane root() {
        return root;
    }

    public Button runButton() {
        return runButton;
    }

    public Button cancelButton() {
        return cancelButton;
    }

    public Button exportButton() {
        return exportButton;
    }

    public ToggleButton themeToggle() {
        return themeToggle;
    }

    public Label statusLabel() {
        return statusLabel;
    }

    public ProgressBar progressBar() {
        return progressBar;
    }

    private Node buildToolBar() {
        themeToggle.setId("themeToggle");
        themeToggle.getStyleClass().add(Styles.BUTTON_ICON);
        themeToggle.setAccessibleText("Dark theme");
        themeToggle.setSelected(AppTheme.current() == AppTheme.DARK);
        updateThemeToggle();
        themeToggle.selectedProperty().addListener((obs, was, dark) -> {
            (dark ? AppTheme.DARK : AppTheme.LIGHT).apply();
            updateThemeToggle();
        });

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar toolBar = new ToolBar(
                runButton, cancelButton, new Separator(), exportButton, spacer, themeToggle);
        toolBar.setId("toolBar");
        return toolBar;
    }

    private void updateThemeToggle() {
        boolean dark = themeToggle.isSelected();
        themeToggle.setGraphic(new FontIcon(dark ? MaterialDesignW.WEATHER_SUNNY : MaterialDesignW.WEATHER_NIGHT));
        themeToggle.setTooltip(new Tooltip(dark ? "Switch to the light theme" : "Switch to the dark theme"));
    }

    private Node buildSidePanel() {
        VBox panes = new VBox(
                section("modelPane", "Model", MaterialDesignC.CUBE_OUTLINE, "No model selected yet."),
                section("datasetPane", "Dataset", MaterialDesignD.DATABASE_OUTLINE, "No dataset loaded yet."),
                section("ranksPane", "Ranks", MaterialDesignF.FORMAT_LIST_NUMBERED, "No LoRA ranks chosen yet."));
        panes.setSpacing(8);
        panes.setPadding(new Insets(8));
        panes.setFillWidth(true);

        ScrollPane scroll = new ScrollPane(panes);
        scroll.setId("sidePanel");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(300);
        scroll.getStyleClass().add("side-panel");
        return scroll;
    }

    private static TitledPane section(String id, String title, Ikon icon, String placeholder) {
        Label label = new Label(placeholder);
        label.setWrapText(true);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        TitledPane pane = new TitledPane(title, label);
        pane.setId(id);
        pane.setGraphic(new FontIcon(icon));
        pane.setCollapsible(true);
        pane.setExpanded(true);
        return pane;
    }

    private Node buildCentre() {
        Label placeholder = new Label("Run an experiment to see live loss curves");
        placeholder.setId("plotPlaceholder");
        placeholder.getStyleClass().addAll(Styles.TITLE_4, Styles.TEXT_MUTED);
        StackPane centre = new StackPane(placeholder);
        centre.setId("plotArea");
        centre.getStyleClass().add("plot-area");
        StackPane.setAlignment(placeholder, Pos.CENTER);
        return centre;
    }

    private Node buildStatusBar() {
        statusLabel.setId("statusLabel");
        progressBar.setId("progressBar");
        progressBar.setPrefWidth(200);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, statusLabel, spacer, progressBar);
        bar.setId("statusBar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private static Button toolButton(String id, String text, Ikon icon, String tooltip) {
        Button button = new Button(text, new FontIcon(icon));
        button.setId(id);
        button.setTooltip(new Tooltip(tooltip));
        return button;
    }
}
