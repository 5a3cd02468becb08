package dev.lorabench.app.analysis;

import atlantafx.base.theme.Styles;
import dev.lorabench.app.support.Follow;
import java.io.File;
import javafx.beans.property.Property;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.StackPane;
import dev.lorabench.report.ChartStyle;
import dev.lorabench.report.Charts;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;

/** Small builders shared by the analysis tabs. */
final class AnalysisViews {

    private AnalysisViews() {}

    /**
     * A chart viewer that follows {@code chart}, painted in {@code style} (the window's theme: the
     * view-models' charts are for the screen only, exports build their own light ones); a muted
     * placeholder while it is null.
     */
    static StackPane chart(String id, ReadOnlyObjectProperty<JFreeChart> chart, String placeholder,
            ObservableValue<ChartStyle> style) {
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
                Charts.applyStyle(c, style.getValue() == null ? ChartStyle.LIGHT : style.getValue());
                viewer.setChart(c);
            }
            viewer.setVisible(c != null);
            empty.setVisible(c == null);
        };
        Follow.values(update, chart, style);
        return pane;
    }

    /** A chart viewer that follows {@code chart}; while it is null, a muted placeholder that follows {@code placeholder}. */
    static StackPane chart(String id, ReadOnlyObjectProperty<JFreeChart> chart, ObservableValue<String> placeholder,
            ObservableValue<ChartStyle> style) {
        StackPane pane = chart(id, chart, "", style);
        Label label = (Label) pane.getChildren().get(1);
        label.setId(id + "Placeholder");
        label.textProperty().bind(placeholder);
        return pane;
    }

    /** A muted note that follows {@code text}, shown only beside a chart (while the chart is null its placeholder says it). */
    static Label chartNote(String id, ObservableValue<String> text, ReadOnlyObjectProperty<JFreeChart> chart) {
        Label note = caption("");
        note.setId(id);
        note.textProperty().bind(text);
        note.visibleProperty().bind(chart.isNotNull().and(note.textProperty().isNotEmpty()));
        note.managedProperty().bind(note.visibleProperty());
        return note;
    }

    /** A per-tab Export menu writing the given kinds of what the tabs show. */
    static MenuButton exportButton(String id, AnalysisExports vm, AnalysisExport... kinds) {
        MenuButton button = new MenuButton("Export", new FontIcon(MaterialDesignE.EXPORT));
        button.setId(id);
        button.getStyleClass().add(Styles.SMALL);
        // A long caption beside it must not squeeze the label away.
        button.setMinWidth(Region.USE_PREF_SIZE);
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

    /** A combo box over {@code items} whose choice follows {@code value} both ways. */
    static <T> ComboBox<T> combo(String id, ObservableList<T> items, Property<T> value) {
        ComboBox<T> box = new ComboBox<>(items);
        box.setId(id);
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    /** A small spinner, shown while {@code busy} holds. */
    static ProgressIndicator busy(ObservableValue<Boolean> busy) {
        ProgressIndicator indicator = new ProgressIndicator();
        indicator.setPrefSize(18, 18);
        indicator.visibleProperty().bind(busy);
        return indicator;
    }

    /** A row of controls, 8 px apart, centred vertically. */
    static HBox row(Node... nodes) {
        HBox row = new HBox(8, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** A tool row: {@code left} from the left edge, {@code right} (an Export menu) at the right edge. */
    static HBox bar(Node right, Node... left) {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = row(left);
        bar.getChildren().addAll(spacer, right);
        return bar;
    }

    /** A table filling its width (the last column takes what is left), {@code placeholder} while empty. */
    static <T> TableView<T> table(String id, ObservableList<T> rows, String placeholder) {
        TableView<T> table = new TableView<>(rows);
        table.setId(id);
        table.setPlaceholder(new Label(placeholder));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }

    /** A tab's pane: {@code center} 6 px below {@code top}, inside the tabs' padding. */
    static BorderPane tab(String id, Node center, Node top) {
        BorderPane pane = new BorderPane(center);
        pane.setId(id);
        pane.setTop(top);
        BorderPane.setMargin(center, new Insets(6, 0, 0, 0));
        pane.setPadding(padding());
        return pane;
    }

    static Insets padding() {
        return new Insets(8);
    }

    static Node bold(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }

    /**
     * A grid of two half-width columns and one row per entry of {@code rowPercents} (each its share
     * of the height), 8 px apart: the layout of the tabs that show charts side by side.
     */
    static GridPane halfColumns(double... rowPercents) {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
        }
        for (double percent : rowPercents) {
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(percent);
            r.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(r);
        }
        return grid;
    }

    /** {@code node}, set to take the spare height of the VBox it sits in. */
    static <T extends Node> T grow(T node) {
        VBox.setVgrow(node, Priority.ALWAYS);
        return node;
    }
}
