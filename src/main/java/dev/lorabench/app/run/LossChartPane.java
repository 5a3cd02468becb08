package dev.lorabench.app.run;

import dev.lorabench.analysis.stats.BandKind;
import dev.lorabench.app.support.ChartFrame;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.fx.ChartViewer;

/**
 * The loss charts: a switch between the base's training and the fine-tune (one chart each, so the
 * variants fill the fine-tune's axes), the x axis (step, samples seen, wall time), the band over
 * seeds, the log scale, the smoothing slider and the legend's toggles.
 */
public final class LossChartPane {

    private LossChartPane() {}

    public static BorderPane build(ChartsViewModel vm) {
        ChartViewer fineTune = viewer("lossChart", vm.lossChart());
        ChartViewer base = viewer("baseLossChart", vm.baseLossChart());
        fineTune.visibleProperty().bind(vm.phaseProperty().isEqualTo(LossPhase.FINE_TUNE));
        base.visibleProperty().bind(vm.phaseProperty().isEqualTo(LossPhase.BASE));
        StackPane charts = new StackPane(base, fineTune);

        FlowPane legend = new FlowPane(10, 4);
        legend.setId("legendBox");
        vm.legendNames().addListener((ListChangeListener<String>) change -> rebuildLegend(vm, legend));
        vm.seriesNotes().addListener((MapChangeListener<String, String>) change -> rebuildLegend(vm, legend));
        vm.styleProperty().addListener((obs, was, now) -> rebuildLegend(vm, legend));
        rebuildLegend(vm, legend);

        ToggleGroup phases = new ToggleGroup();
        HBox phaseBox = new HBox();
        for (LossPhase p : LossPhase.values()) {
            ToggleButton b = new ToggleButton(p.toString());
            b.setId(p == LossPhase.BASE ? "phaseBase" : "phaseFineTune");
            b.setToggleGroup(phases);
            b.setUserData(p);
            b.getStyleClass().add(Styles.SMALL);
            b.getStyleClass().add(p == LossPhase.BASE ? Styles.LEFT_PILL : Styles.RIGHT_PILL);
            phaseBox.getChildren().add(b);
        }
        Runnable syncPhase = () -> phases.getToggles().forEach(t -> t.setSelected(t.getUserData() == vm.phaseProperty().get()));
        vm.phaseProperty().addListener((obs, was, now) -> syncPhase.run());
        phases.selectedToggleProperty().addListener((obs, was, now) -> {
            if (now == null) {
                syncPhase.run(); // a pill stays pressed
            } else {
                vm.phaseProperty().set((LossPhase) now.getUserData());
            }
        });
        syncPhase.run();

        ChoiceBox<XAxisMode> axis = new ChoiceBox<>();
        axis.getItems().setAll(XAxisMode.values());
        axis.setId("xAxisChoice");
        axis.valueProperty().bindBidirectional(vm.axisProperty());
        axis.setTooltip(new Tooltip("x axis: optimizer steps, samples seen (step × batch size), or seconds since training started"));

        ChoiceBox<BandKind> band = new ChoiceBox<>();
        band.getItems().setAll(BandKind.values());
        band.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(BandKind kind) { return kind == null ? "" : kind.label(); }
            @Override public BandKind fromString(String text) { return null; }
        });
        band.setId("bandChoice");
        band.valueProperty().bindBidirectional(vm.bandProperty());
        band.setTooltip(new Tooltip("With several seeds: the band around each mean curve, and the whisker on each bar"));
        Label bandLabel = new Label("Seeds");
        HBox bandBox = new HBox(4, bandLabel, band);
        bandBox.setAlignment(Pos.CENTER_LEFT);
        bandBox.visibleProperty().bind(vm.seedsProperty());
        bandBox.managedProperty().bind(bandBox.visibleProperty());

        ToggleSwitch log = new ToggleSwitch("Log");
        log.setId("logScaleSwitch");
        log.selectedProperty().bindBidirectional(vm.logScaleProperty());
        log.setTooltip(new Tooltip("Logarithmic loss axis"));

        Slider smoothing = new Slider(0, 0.99, 0);
        smoothing.setId("smoothingSlider");
        smoothing.setPrefWidth(110);
        smoothing.valueProperty().bindBidirectional(vm.smoothingProperty());
        smoothing.setTooltip(new Tooltip("Debiased exponential moving average of the loss (β)"));
        Label smoothingValue = new Label();
        smoothingValue.textProperty().bind(vm.smoothingProperty().asString(Locale.ROOT, "%.2f"));
        smoothingValue.setMinWidth(32);

        FlowPane controls = new FlowPane(10, 4, phaseBox, new Label("x"), axis, bandBox, log, new Label("Smoothing"),
                smoothing, smoothingValue);
        controls.setAlignment(Pos.CENTER_LEFT);
        return ChartFrame.of("lossPane", charts, new VBox(6, controls, legend));
    }

    private static ChartViewer viewer(String id, LossChartModel model) {
        ChartViewer viewer = new ChartViewer(model.chart());
        viewer.setId(id);
        viewer.setMinSize(200, 150);
        return viewer;
    }

    private static void rebuildLegend(ChartsViewModel vm, FlowPane legend) {
        legend.getChildren().clear();
        if (vm.legendNames().isEmpty()) {
            Label hint = new Label(vm.seriesNames().isEmpty() ? "Run an experiment to see live loss curves"
                    : "No curves in this chart yet");
            hint.setId("plotPlaceholder");
            hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            legend.getChildren().add(hint);
            return;
        }
        for (String name : vm.legendNames()) {
            String note = vm.seriesNotes().get(name);
            CheckBox box = new CheckBox(note == null ? name : name + " — " + note);
            if (note != null && note.startsWith("diverged")) {
                box.getStyleClass().add(Styles.DANGER);
            }
            box.setId("legend-" + name);
            box.setGraphic(swatch(vm.chartOf(name).hex(name)));
            box.selectedProperty().bindBidirectional(vm.seriesVisibleProperty(name));
            legend.getChildren().add(box);
        }
    }

    /** A small square in a series' colour. */
    static Region swatch(String hex) {
        Region swatch = new Region();
        swatch.setMinSize(12, 12);
        swatch.setMaxSize(12, 12);
        swatch.setStyle("-fx-background-color: " + hex + "; -fx-background-radius: 2;");
        return swatch;
    }
}
