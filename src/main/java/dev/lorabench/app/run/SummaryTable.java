package dev.lorabench.app.run;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/**
 * The run summary: the base's row (the "before"), then one row per variant. Headers are short, on
 * two lines where they are two words, each with a tooltip that says what the column holds, so they
 * stay whole in a narrow window.
 */
public final class SummaryTable {

    /** The base's row is set apart (bold) from the variants'. */
    static final PseudoClass BASE_ROW = PseudoClass.getPseudoClass("base-row");
    private static final double HEADER_PADDING = 16;

    private SummaryTable() {}

    public static TableView<SummaryRow> build(ObservableList<SummaryRow> rows) {
        TableView<SummaryRow> table = new TableView<>(rows);
        table.setId("summaryTable");
        table.setPlaceholder(new Label("The base and the variants appear here as they finish"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Variant", "The base, or a variant fine-tuned from it", 90, SummaryRow::variant));
        table.getColumns().add(column("Trainable\n(% of base)",
                "Trainable parameters, and their share of the base's parameters", 180, SummaryRow::trainableText));
        TableColumn<SummaryRow, String> metric = column("Accuracy", "Test accuracy (test MSE for regression)", 80,
                SummaryRow::metricText);
        table.getColumns().add(metric);
        table.getColumns().add(column("Target\nerrors", "Test errors on the classes the fine-tune targets", 60,
                SummaryRow::targetErrorsText));
        table.getColumns().add(column("Other\nerrors", "Test errors on every other class", 60, SummaryRow::otherErrorsText));
        table.getColumns().add(column("Time", "Training time (fine-tune for a variant)", 75, SummaryRow::secondsText));
        table.getColumns().add(column("Base\nkept",
                "Whether every base tensor is bit-identical after the fine-tune (the full fine-tune changes them)", 50,
                SummaryRow::baseUnchangedText));
        table.getColumns().add(column("Status", "finished, diverged or stopped early; the base: trained or loaded", 90,
                SummaryRow::status));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(SummaryRow item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(Styles.STATE_DANGER, !empty && item != null && item.status().startsWith("diverged"));
                pseudoClassStateChanged(BASE_ROW, !empty && item != null && item.isBase());
            }
        });
        // Regression runs report MSE instead of accuracy.
        rows.addListener((ListChangeListener<SummaryRow>) c -> header(metric).setText(
                !rows.isEmpty() && rows.get(0).regression() ? "Test MSE" : "Accuracy"));
        return table;
    }

    /** The label that shows a column's title. */
    static Label header(TableColumn<?, ?> column) {
        return (Label) column.getGraphic();
    }

    /**
     * A column titled by a label of one or two lines (the column's own text stays empty: a header's
     * text is cut with an ellipsis when the column is narrower). The column is never narrower than
     * its title's widest line, so the title is always whole; the tooltip says more.
     */
    private static TableColumn<SummaryRow, String> column(String title, String tip, double width,
            Function<SummaryRow, String> value) {
        TableColumn<SummaryRow, String> column = new TableColumn<>();
        Label header = new Label(title);
        header.setTooltip(new Tooltip(tip));
        header.setMinWidth(Region.USE_PREF_SIZE);
        header.getStyleClass().add("summary-header");
        column.setGraphic(header);
        // The label's width is known once it has a skin and its CSS font; the header's padding is ~12 px.
        column.minWidthProperty().bind(Bindings.createDoubleBinding(
                () -> header.getSkin() == null ? 0 : header.prefWidth(-1) + HEADER_PADDING,
                header.skinProperty(), header.fontProperty(), header.textProperty()));
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setSortable(false);
        return column;
    }
}
