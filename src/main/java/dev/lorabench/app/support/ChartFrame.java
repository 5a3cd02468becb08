package dev.lorabench.app.support;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;

/** The frame of the live chart tabs (losses, class errors): the controls above the chart, padded alike. */
public final class ChartFrame {

    private ChartFrame() {}

    /** {@code chart} with {@code controls} on top, the pane named {@code id}. */
    public static BorderPane of(String id, Node chart, Region controls) {
        controls.setPadding(new Insets(6, 8, 4, 8));
        BorderPane pane = new BorderPane(chart);
        pane.setId(id);
        pane.setTop(controls);
        return pane;
    }
}
