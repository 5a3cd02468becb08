package dev.lorabench.app;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.jfree.chart.fx.ChartViewer;

/** Per-class test errors (grouped bars) with the "Δ vs base" switch. */
final class ClassErrorPane {

    private ClassErrorPane() {}

    static BorderPane build(WorkbenchViewModel vm) {
        ChartViewer viewer = new ChartViewer(vm.classErrors().chart());
        viewer.setId("classErrorChart");
        viewer.setMinSize(200, 150);

        ToggleSwitch delta = new ToggleSwitch("Δ vs base");
        delta.setId("deltaSwitch");
        delta.selectedProperty().bindBidirectional(vm.deltaBarsProperty());
        Label note = new Label("Shaded: the classes the fine-tune targets");
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox controls = new HBox(12, delta, note);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(6, 8, 4, 8));

        BorderPane pane = new BorderPane(viewer);
        pane.setId("classErrorPane");
        pane.setTop(controls);
        return pane;
    }
}
