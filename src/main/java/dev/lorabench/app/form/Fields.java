package dev.lorabench.app.form;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.Property;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** Small builders shared by the side panels: validated text fields and label/control grids. */
final class Fields {

    private Fields() {}

    /** A text field bound both ways to {@code value}, marked red with the problem as tooltip. */
    static TextField text(String id, StringProperty value, ReadOnlyStringProperty error, String hint) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(7);
        field.textProperty().bindBidirectional(value);
        markInvalid(field, error, hint);
        return field;
    }

    /** A check box bound both ways to {@code value}. */
    static CheckBox check(String id, String text, BooleanProperty value) {
        CheckBox check = new CheckBox(text);
        check.setId(id);
        check.selectedProperty().bindBidirectional(value);
        return check;
    }

    /** A combo box offering {@code options}, its choice bound both ways to {@code value}. */
    static <T> ComboBox<T> choice(String id, List<T> options, Property<T> value) {
        ComboBox<T> box = new ComboBox<>(FXCollections.observableArrayList(options));
        box.setId(id);
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    /** Marks {@code control} with AtlantaFX's danger state while {@code error} is non-empty. */
    static void markInvalid(Control control, ReadOnlyStringProperty error, String hint) {
        Tooltip tooltip = new Tooltip(hint);
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(360);
        control.setTooltip(tooltip);
        Runnable update = () -> {
            String problem = error.get();
            boolean bad = problem != null && !problem.isEmpty();
            control.pseudoClassStateChanged(Styles.STATE_DANGER, bad);
            tooltip.setText(bad ? problem : hint);
        };
        error.addListener((obs, was, now) -> update.run());
        update.run();
    }

    /** A two-column grid: labels on the left, controls growing on the right. */
    static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.LEFT);
        ColumnConstraints controls = new ColumnConstraints();
        controls.setHgrow(Priority.ALWAYS);
        controls.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, controls);
        return grid;
    }

    /** Appends a row: {@code label} then {@code control}. */
    static void row(GridPane grid, String label, Node control) {
        int row = grid.getRowCount();
        Label l = new Label(label);
        l.setMinWidth(Control.USE_PREF_SIZE);
        grid.add(l, 0, row);
        grid.add(control, 1, row);
    }

    /** Appends a node spanning both columns. */
    static void wide(GridPane grid, Node node) {
        grid.add(node, 0, grid.getRowCount(), 2, 1);
    }

    /** A muted small caption. */
    static Label caption(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return label;
    }
}
