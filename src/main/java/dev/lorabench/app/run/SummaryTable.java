package dev.lorabench.app.run;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The run summary: one row per variant. */
public final class SummaryTable {

    private SummaryTable() {}

    public static TableView<SummaryRow> build(ObservableList<SummaryRow> rows) {
        TableView<SummaryRow> table = new TableView<>(rows);
        table.setId("summaryTable");
        table.setPlaceholder(new Label("Variants appear here as they finish"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Variant", SummaryRow::variant));
        table.getColumns().add(column("Trainable (% of base)", SummaryRow::trainableText));
        table.getColumns().add(column("Accuracy", SummaryRow::metricText));
        table.getColumns().add(column("Target err.", SummaryRow::targetErrorsText));
        table.getColumns().add(column("Other err.", SummaryRow::otherErrorsText));
        table.getColumns().add(column("Time", SummaryRow::secondsText));
        table.getColumns().add(column("Base kept", SummaryRow::baseUnchangedText));
        table.getColumns().add(column("Status", SummaryRow::status));
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(SummaryRow item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(atlantafx.base.theme.Styles.STATE_DANGER,
                        !empty && item != null && item.status().startsWith("diverged"));
            }
        });
        table.getColumns().get(1).setPrefWidth(190);
        table.getColumns().get(6).setPrefWidth(80);
        // Regression runs report MSE instead of accuracy.
        rows.addListener((javafx.collections.ListChangeListener<SummaryRow>) c -> table.getColumns().get(2)
                .setText(!rows.isEmpty() && rows.get(0).regression() ? "Test MSE" : "Accuracy"));
        return table;
    }

    private static TableColumn<SummaryRow, String> column(String title, Function<SummaryRow, String> value) {
        TableColumn<SummaryRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setSortable(false);
        return column;
    }
}
