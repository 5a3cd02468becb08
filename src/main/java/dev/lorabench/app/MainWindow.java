package dev.lorabench.app;

import atlantafx.base.theme.Styles;
import dev.lorabench.app.analysis.AnalysisTabs;
import dev.lorabench.app.analysis.AnalysisViewModel;
import dev.lorabench.app.analysis.ClassErrorPane;
import dev.lorabench.app.form.DatasetPanel;
import dev.lorabench.app.form.ModelPanel;
import dev.lorabench.app.form.RanksPanel;
import dev.lorabench.app.run.ChartsViewModel;
import dev.lorabench.app.run.ClassErrorLegend;
import dev.lorabench.app.run.ExportKind;
import dev.lorabench.app.run.HistoryList;
import dev.lorabench.app.run.LossChartPane;
import dev.lorabench.app.run.SummaryTable;
import dev.lorabench.app.support.UiTicker;
import dev.lorabench.plan.Presets;
import java.io.File;
import java.util.Objects;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/**
 * Builds the workbench's scene root from a {@link WorkbenchViewModel}: toolbar on top, setup
 * panels on the left, loss and class-error charts in the centre over the summary table and the
 * run history, and a status bar. It also owns the timer that drains engine events into the view.
 */
public final class MainWindow {

    /** Stylesheet with the few workbench-specific rules; AtlantaFX colour variables only. */
    public static final String STYLESHEET = "workbench.css";
    /**
     * Nanoseconds between two drains of the event queue while a run is live (2 a second, the live
     * chart's own pace): each drain that changes the status line or the progress bar costs a frame
     * (in software, the window copied to the screen) on the cores that train.
     */
    static final long DRAIN_INTERVAL_NANOS = ChartsViewModel.LIVE_FRAME_INTERVAL_NANOS;

    private final WorkbenchViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Button runButton = toolButton("runButton", "Run", MaterialDesignP.PLAY, "Start the experiment");
    private final Button cancelButton =
            toolButton("cancelButton", "Cancel", MaterialDesignS.STOP, "Cancel the running experiment");
    private final CheckBox reuseBases = new CheckBox("Reuse cached bases");
    private final MenuButton exportButton = new MenuButton("Export", new FontIcon(MaterialDesignE.EXPORT));
    private final MenuButton presetMenu = new MenuButton("Presets", new FontIcon(MaterialDesignT.TUNE_VARIANT));
    private final ToggleButton themeToggle = new ToggleButton();
    private final MenuButton adapterMenu = new MenuButton("Adapters", new FontIcon(MaterialDesignP.PUZZLE_OUTLINE));
    private final Label statusLabel = new Label();
    private final Label etaLabel = new Label();
    private final ProgressBar progressBar = new ProgressBar(0);
    private final UiTicker drainTicker;
    private final Button aboutButton = new Button(null, new FontIcon(MaterialDesignI.INFORMATION_OUTLINE));
    private javafx.scene.control.TabPane tabs;

    public MainWindow(WorkbenchViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("workbench");
        root.getStylesheets().add(
                Objects.requireNonNull(MainWindow.class.getResource(STYLESHEET), STYLESHEET).toExternalForm());
        root.setTop(buildToolBar());
        root.setLeft(buildSidePanel());
        root.setCenter(buildCentre());
        root.setBottom(buildStatusBar());
        // Drains only while a run is live: its events are all the queue ever holds, and the drain
        // that finishes the run sets running back to false.
        drainTicker = new UiTicker("lorabench-drain", DRAIN_INTERVAL_NANOS, Platform::runLater, vm::drain);
        vm.runningProperty().addListener((obs, was, running) -> {
            if (running) {
                drainTicker.start();
            } else {
                drainTicker.stop();
            }
        });
        root.sceneProperty().addListener((obs, was, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((o, w, window) -> {
                    if (window != null) {
                        vm.setPrompts(new AlertPrompts(window));
                    }
                });
            }
        });
    }

    public BorderPane root() { return root; }
    public Button runButton() { return runButton; }
    public Button cancelButton() { return cancelButton; }
    public CheckBox reuseBasesBox() { return reuseBases; }
    public MenuButton exportButton() { return exportButton; }
    public MenuButton presetMenu() { return presetMenu; }
    public ToggleButton themeToggle() { return themeToggle; }
    public Button aboutButton() { return aboutButton; }
    /** The centre's tabs (Losses & errors, Base integrity, ΔW lab, …). */
    public javafx.scene.control.TabPane tabs() { return tabs; }

    /** Selects the tab with this id (e.g. {@code tabDeltaW}); false if there is none. */
    public boolean selectTab(String id) {
        for (javafx.scene.control.Tab t : tabs.getTabs()) {
            if (id.equals(t.getId())) {
                tabs.getSelectionModel().select(t);
                return true;
            }
        }
        return false;
    }
    public Label statusLabel() { return statusLabel; }
    public ProgressBar progressBar() { return progressBar; }

    /** Whether the event queue is drained on a timer now: only while a run is live. */
    public boolean isDraining() {
        return drainTicker.isTicking();
    }

    /** Stops the drain timer (the window is going away). */
    public void dispose() {
        drainTicker.close();
    }

    private Node buildToolBar() {
        runButton.disableProperty().bind(vm.canRunProperty().not());
        runButton.getStyleClass().add("run-button");
        runButton.setOnAction(e -> vm.run());
        cancelButton.disableProperty().bind(vm.runningProperty().not().or(vm.cancellingProperty()));
        cancelButton.setOnAction(e -> vm.cancel());
        reuseBases.setId("reuseBases");
        reuseBases.setTooltip(new Tooltip("Reuse a base trained earlier from the same recipe, and keep new ones"));
        reuseBases.selectedProperty().bindBidirectional(vm.reuseBasesProperty());
        reuseBases.disableProperty().bind(vm.runningProperty());
        // Run's tooltip says why it is disabled.
        Tooltip runTip = runButton.getTooltip();
        vm.form().problemProperty().addListener((obs, was, now) ->
                runTip.setText(now.isEmpty() ? "Start the experiment" : "Cannot run: " + now));

        presetMenu.setId("presetMenu");
        presetMenu.setTooltip(new Tooltip("Fill the panels with one of the seeds' experiments"));
        Presets.descriptions().forEach((name, description) -> {
            MenuItem item = new MenuItem(name + " — " + description);
            item.setId("preset-" + name);
            item.setOnAction(e -> vm.applyPreset(name));
            presetMenu.getItems().add(item);
        });
        presetMenu.disableProperty().bind(vm.runningProperty());

        exportButton.setId("exportButton");
        exportButton.setTooltip(new Tooltip("Export the selected run's charts, data or record"));
        for (ExportKind kind : ExportKind.values()) {
            MenuItem item = new MenuItem(kind.file().label() + "…");
            item.setId("export-" + kind.name());
            item.setOnAction(e -> chooseAndExport(kind));
            exportButton.getItems().add(item);
        }
        exportButton.disableProperty().bind(vm.canExportProperty().not());

        themeToggle.setId("themeToggle");
        themeToggle.getStyleClass().add(Styles.BUTTON_ICON);
        themeToggle.setAccessibleText("Dark theme");
        themeToggle.setSelected(AppTheme.current() == AppTheme.DARK);
        updateThemeToggle();
        vm.charts().styleProperty().set((themeToggle.isSelected() ? AppTheme.DARK : AppTheme.LIGHT).chartStyle());
        vm.analysis().chartStyleProperty().bind(vm.charts().styleProperty());
        themeToggle.selectedProperty().addListener((obs, was, dark) -> {
            AppTheme theme = dark ? AppTheme.DARK : AppTheme.LIGHT;
            theme.apply();
            vm.charts().styleProperty().set(theme.chartStyle());
            updateThemeToggle();
        });

        adapterMenu.setId("adapterMenu");
        adapterMenu.setTooltip(new Tooltip("Save a LoRA variant as a PEFT adapter folder, or load one into this run's base"));
        vm.analysis().adapters().variants().addListener(
                (javafx.collections.ListChangeListener<String>) c -> rebuildAdapterMenu());
        rebuildAdapterMenu();
        adapterMenu.disableProperty().bind(vm.canExportProperty().not());

        aboutButton.setId("aboutButton");
        aboutButton.getStyleClass().add(Styles.BUTTON_ICON);
        aboutButton.setTooltip(new Tooltip("About LoRA Workbench: versions"));
        aboutButton.setOnAction(e -> showAbout());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar toolBar = new ToolBar(
                runButton, cancelButton, reuseBases, new Separator(), presetMenu, exportButton, adapterMenu, spacer, aboutButton,
                themeToggle);
        toolBar.setId("toolBar");
        return toolBar;
    }

    private void chooseAndExport(ExportKind kind) {
        File file = kind.file().askTarget(root.getScene().getWindow(), vm.defaultFileName(kind));
        if (file != null) {
            vm.export(kind, file.toPath());
        }
    }

    private void rebuildAdapterMenu() {
        adapterMenu.getItems().clear();
        for (String variant : vm.analysis().adapters().variants()) {
            MenuItem save = new MenuItem("Save " + variant + " adapter…");
            save.setId("saveAdapter-" + variant);
            save.setOnAction(e -> {
                javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
                chooser.setTitle("Folder to save " + variant + " into (a sub-folder " + variant + " is made)");
                File dir = chooser.showDialog(root.getScene().getWindow());
                if (dir != null) {
                    vm.analysis().adapters().saveAdapter(variant, dir.toPath().resolve(variant));
                }
            });
            adapterMenu.getItems().add(save);
        }
        if (!adapterMenu.getItems().isEmpty()) {
            adapterMenu.getItems().add(new javafx.scene.control.SeparatorMenuItem());
        }
        MenuItem load = new MenuItem("Load adapter folder into this run…");
        load.setId("loadAdapter");
        load.setOnAction(e -> {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle("PEFT adapter folder (adapter_config.json, adapter_model.safetensors)");
            File dir = chooser.showDialog(root.getScene().getWindow());
            if (dir != null) {
                vm.analysis().adapters().loadAdapter(dir.toPath());
            }
        });
        adapterMenu.getItems().add(load);
    }

    private void showAbout() {
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(
                javafx.scene.control.Alert.AlertType.INFORMATION, "", javafx.scene.control.ButtonType.OK);
        alert.initOwner(root.getScene().getWindow());
        alert.setTitle("About LoRA Workbench");
        alert.setHeaderText("LoRA Workbench");
        alert.contentTextProperty().bind(vm.about().textProperty());
        alert.getDialogPane().setId("aboutDialog");
        vm.about().load();
        alert.show();
    }

    private void updateThemeToggle() {
        boolean dark = themeToggle.isSelected();
        themeToggle.setGraphic(new FontIcon(dark ? MaterialDesignW.WEATHER_SUNNY : MaterialDesignW.WEATHER_NIGHT));
        themeToggle.setTooltip(new Tooltip(dark ? "Switch to the light theme" : "Switch to the dark theme"));
    }

    private Node buildSidePanel() {
        VBox panes = new VBox(ModelPanel.build(vm.form(), vm.parameters()), DatasetPanel.build(vm.form(), vm.dataset()),
                RanksPanel.build(vm.form(), vm.runSettings().fullTestAnalysisProperty()));
        panes.setSpacing(8);
        panes.setPadding(new Insets(8));
        panes.setFillWidth(true);
        panes.disableProperty().bind(vm.runningProperty());

        ScrollPane scroll = new ScrollPane(panes);
        scroll.setId("sidePanel");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(350);
        scroll.setMinWidth(280);
        scroll.getStyleClass().add("side-panel");
        return scroll;
    }

    private Node buildCentre() {
        AnalysisViewModel analysis = vm.analysis();
        tabs = AnalysisTabs.build(analysis, vm.replayRerun(), openGallery -> {
            BorderPane bars = ClassErrorPane.build(
                    vm.charts(), analysis.adapters(), analysis.gallery(), vm.runningProperty(), openGallery);
            // The bars' series toggles (the chart draws no legend of its own in the window).
            bars.setBottom(ClassErrorLegend.build(vm.charts()));
            SplitPane charts = new SplitPane(LossChartPane.build(vm.charts()), bars);
            charts.setOrientation(Orientation.HORIZONTAL);
            charts.setDividerPositions(0.5);
            return charts;
        });
        // A live run's loss chart draws nothing while another tab hides it.
        tabs.getTabs().stream().filter(t -> "tabLosses".equals(t.getId())).findFirst()
                .ifPresent(losses -> vm.charts().onScreenProperty().bind(losses.selectedProperty()));

        VBox historyBox = new VBox(4, sectionLabel("History"), HistoryList.build(vm.history(), vm.selectedRunProperty(), vm.runningProperty()));
        VBox.setVgrow(historyBox.getChildren().get(1), Priority.ALWAYS);
        historyBox.setPadding(new Insets(4));
        VBox tableBox = new VBox(4, sectionLabel("Run summary"), SummaryTable.build(vm.rows()));
        VBox.setVgrow(tableBox.getChildren().get(1), Priority.ALWAYS);
        tableBox.setPadding(new Insets(4));
        SplitPane bottom = new SplitPane(tableBox, historyBox);
        bottom.setDividerPositions(0.8);

        SplitPane centre = new SplitPane(tabs, bottom);
        centre.setId("plotArea");
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.62);
        centre.getStyleClass().add("plot-area");
        return centre;
    }

    private static Label sectionLabel(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        return label;
    }

    private Node buildStatusBar() {
        statusLabel.setId("statusLabel");
        statusLabel.textProperty().bind(vm.statusProperty());
        etaLabel.setId("etaLabel");
        etaLabel.textProperty().bind(vm.etaProperty());
        progressBar.setId("progressBar");
        progressBar.setPrefWidth(220);
        progressBar.progressProperty().bind(vm.progressProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, statusLabel, spacer, etaLabel, progressBar);
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
