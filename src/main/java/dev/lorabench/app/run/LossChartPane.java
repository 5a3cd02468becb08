package dev.lorabench.app.run;

import dev.lorabench.app.support.ChartFrame;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jfree.chart.fx.ChartViewer;

/** The live loss chart with its legend toggles, log-scale switch and smoothing slider. */
public final class LossChartPane {

    private LossChartPane() {}

    public static BorderPane build(ChartsViewModel vm) {
        ChartViewer viewer = new ChartViewer(vm.lossChart().chart());
        viewer.setId("lossChart");
        viewer.setMinSize(200, 150);

        FlowPane legend = new FlowPane(10, 4);
        legend.setId("legendBox");
        vm.seriesNames().addListener((ListChangeListener<String>) change -> rebuildLegend(vm, legend));
        vm.seriesNotes().addListener((javafx.collections.MapChangeListener<String, String>) change -> rebuildLegend(vm, legend));
        rebuildLegend(vm, legend);

        ToggleSwitch log = new ToggleSwitch("Log scale");
        log.setId("logScaleSwitch");
        log.selectedProperty().bindBidirectional(vm.logScaleProperty());

        Slider smoothing = new Slider(0, 0.99, 0);
        smoothing.setId("smoothingSlider");
        smoothing.setPrefWidth(140);
        smoothing.valueProperty().bindBidirectional(vm.smoothingProperty());
        smoothing.setTooltip(new Tooltip("Debiased exponential moving average of the loss (β)"));
        Label smoothingValue = new Label();
        smoothingValue.textProperty().bind(vm.smoothingProperty().asString(Locale.ROOT, "%.2f"));
        smoothingValue.setMinWidth(32);

        HBox controls = new HBox(10, log, new Label("Smoothing"), smoothing, smoothingValue);
        controls.setAlignment(Pos.CENTER_LEFT);
        return ChartFrame.of("lossPane", viewer, new VBox(6, controls, legend));
    }

    private static void rebuildLegend(ChartsViewModel vm, FlowPane legend) {
        legend.getChildren().clear();
        if (vm.seriesNames().isEmpty()) {
            Label hint = new Label("Run an experiment to see live loss curves");
            hint.setId("plotPlaceholder");
            hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            legend.getChildren().add(hint);
            return;
        }
        for (String name : vm.seriesNames()) {
            String note = vm.seriesNotes().get(name);
            CheckBox box = new CheckBox(note == null ? name : name + " — " + note);
            if (note != null && note.startsWith("diverged")) {
                box.getStyleClass().add(Styles.DANGER);
            }
            box.setId("legend-" + name);
            Region swatch = new Region();
            swatch.setMinSize(12, 12);
            swatch.setMaxSize(12, 12);
            swatch.setStyle("-fx-background-color: " + vm.lossChart().hex(name) + "; -fx-background-radius: 2;");
            box.setGraphic(swatch);
            box.selectedProperty().bindBidirectional(vm.seriesVisibleProperty(name));
            legend.getChildren().add(box);
        }
    }
}
