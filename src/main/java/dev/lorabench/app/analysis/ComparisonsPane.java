package dev.lorabench.app.analysis;

import atlantafx.base.theme.Styles;
import dev.lorabench.analysis.stats.Comparison;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The Comparisons tab: the pairwise findings over seeds as sentences, significant ones in bold. */
final class ComparisonsPane {

    private ComparisonsPane() {}

    static BorderPane build(ComparisonsViewModel vm, AnalysisExports exports) {
        ChoiceBox<ComparisonFilter> filter = new ChoiceBox<>();
        filter.setId("comparisonFilter");
        filter.getItems().setAll(ComparisonFilter.values());
        filter.setConverter(new StringConverter<>() {
            @Override public String toString(ComparisonFilter f) { return f == null ? "" : f.label(); }
            @Override public ComparisonFilter fromString(String text) { return null; }
        });
        filter.valueProperty().bindBidirectional(vm.filterProperty());
        filter.setTooltip(new Tooltip("Which comparisons to list; run.json and the CSV export hold all of them"));
        Label headline = new Label();
        headline.setId("comparisonHeadline");
        headline.setWrapText(true);
        headline.textProperty().bind(vm.headlineProperty());

        TableView<Comparison> table = new TableView<>(vm.rows());
        table.setId("comparisonTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("Scope", 110, c -> c.scope().phrase()),
                column("Pair", 170, c -> c.b() + " vs " + c.a()),
                column("Effect", 100, c -> String.format("%+.1f", c.effect())),
                column("p", 95, c -> String.format("%.3g", c.pValue())),
                wrapping(column("Finding", 560, Comparison::sentence))));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(Comparison c, boolean empty) {
                super.updateItem(c, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("significant"), !empty && c != null && c.significant());
                setStyle(!empty && c != null && c.significant() ? "-fx-font-weight: bold;" : "");
            }
        });
        table.setPlaceholder(new Label("No comparisons to list"));
        VBox top = new VBox(4,
                AnalysisViews.bar(AnalysisViews.exportButton("comparisonExport", exports, AnalysisExport.COMPARISONS_CSV),
                        filter, AnalysisViews.caption("Each pair of variants over the seeds: the mean paired"
                                + " difference (later − earlier) and its Holm-corrected p-value; bold: significant.")),
                headline);
        headline.getStyleClass().add(Styles.TEXT_SMALL);
        return AnalysisViews.tab("comparisonsPane", table, top);
    }

    /** The sentence wraps onto a second line rather than hiding its p-value behind an ellipsis. */
    private static TableColumn<Comparison, String> wrapping(TableColumn<Comparison, String> column) {
        column.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setWrapText(true);
                setTooltip(empty || text == null ? null : new Tooltip(text));
            }
        });
        return column;
    }

    private static TableColumn<Comparison, String> column(String title, double width,
            java.util.function.Function<Comparison, String> text) {
        TableColumn<Comparison, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return c;
    }
}
