package dev.lorabench.app.analysis;

import atlantafx.base.theme.Styles;
import java.io.File;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;

/** Small builders shared by the analysis tabs. */
final class AnalysisViews {

    private AnalysisViews() {}

    /** A chart viewer that follows {@code chart}; a muted placeholder while it is null. */
    static StackPane chart(String id, ReadOnlyObjectProperty<JFreeChart> chart, String placeholder) {
        ChartViewer viewer = new ChartViewer(chart.get());
        viewer.setId(id);
        viewer.setMinSize(160, 120);
        Label empty = new Label(placeholder);
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        empty.setWrapText(true);
        StackPane pane = new StackPane(viewer, empty);
        Runnable update = () -> {
            JFreeChart c = chart.get();
            if (c != null) {
                viewer.setChart(c);
            }
            viewer.setVisible(c != null);
            empty.setVisible(c == null);
        };
        chart.addListener((obs, was, now) -> update.run());
        update.run();
        return pane;
    }

    /** A per-tab Export menu writing the given kinds of what the tabs show. */
    static MenuButton exportButton(String id, AnalysisExports vm, AnalysisExport... kinds) {
        MenuButton button = new MenuButton("Export", new FontIcon(MaterialDesignE.EXPORT));
        button.setId(id);
        button.getStyleClass().add(Styles.SMALL);
        for (AnalysisExport kind : kinds) {
            MenuItem item = new MenuItem(kind.file().label());
            item.setId(id + "-" + kind.name());
            item.setOnAction(e -> {
                File file = kind.file().askTarget(button.getScene().getWindow(), vm.defaultFileName(kind));
                if (file != null) {
                    vm.export(kind, file.toPath());
                }
            });
            button.getItems().add(item);
        }
        button.disableProperty().bind(vm.runProperty().isNull());
        return button;
    }

    static Label caption(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return label;
    }

    static Insets padding() {
        return new Insets(8);
    }

    static Node bold(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }
}
