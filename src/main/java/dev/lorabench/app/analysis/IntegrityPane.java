package dev.lorabench.app.analysis;

import atlantafx.base.theme.Styles;
import dev.lorabench.analysis.TensorCheck;
import dev.lorabench.app.support.Follow;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Base integrity tab: a badge per variant and the per-tensor digests of one of them. */
final class IntegrityPane {

    private IntegrityPane() {}

    static BorderPane build(IntegrityViewModel vm, AnalysisExports exports) {
        VBox badges = new VBox(6);
        badges.setId("integrityBadges");
        Follow.list(vm.badges(), () -> fill(vm, badges));

        ComboBox<String> variant = AnalysisViews.combo("integrityVariantCombo", vm.variants(), vm.variantProperty());

        TableView<TensorCheck> table = AnalysisViews.table("integrityTable", vm.tensors(), "Select a finished run");
        table.getColumns().add(column("Tensor", TensorCheck::name, 220));
        table.getColumns().add(column("Kind", TensorCheck::kind, 100));
        table.getColumns().add(column("Elements", t -> String.format("%,d", t.elements()), 90));
        table.getColumns().add(column("SHA-256 before", t -> IntegrityBadge.shortSha(t.sha256Before()), 130));
        table.getColumns().add(column("SHA-256 after", t -> IntegrityBadge.shortSha(t.sha256After()), 130));
        table.getColumns().add(column("max |Δ|", t -> IntegrityBadge.sci(t.maxAbsDelta()), 90));
        table.getColumns().add(column("", t -> t.unchanged() ? "✓" : "✗", 40));

        HBox tableBar = AnalysisViews.bar(
                AnalysisViews.exportButton("integrityExport", exports, AnalysisExport.INTEGRITY_CSV),
                new Label("Tensors of"), variant,
                AnalysisViews.caption("every base tensor, running statistics included, hashed before and after fine-tuning"));

        VBox top = new VBox(8, AnalysisViews.bold("Is the frozen base really untouched?"), badges, tableBar);
        return AnalysisViews.tab("integrityPane", table, top);
    }

    private static void fill(IntegrityViewModel vm, VBox box) {
        box.getChildren().clear();
        if (vm.badges().isEmpty()) {
            box.getChildren().add(AnalysisViews.caption("Select a finished run in the history"));
            return;
        }
        for (IntegrityBadge b : vm.badges()) {
            Label name = new Label(b.variant());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            name.setMinWidth(70);
            Label badge = new Label(b.headline());
            badge.setId("badge-" + b.variant());
            badge.getStyleClass().addAll("badge", b.ok() ? Styles.SUCCESS : Styles.DANGER);
            badge.setMinWidth(Region.USE_PREF_SIZE);
            Label detail = new Label(b.detail());
            detail.setId("badgeDetail-" + b.variant());
            detail.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            detail.setTooltip(new javafx.scene.control.Tooltip(b.detail()));
            HBox row = new HBox(10, name, badge, detail);
            row.setAlignment(Pos.CENTER_LEFT);
            row.setOnMouseClicked(e -> vm.variantProperty().set(b.variant()));
            box.getChildren().add(row);
        }
    }

    static <T> TableColumn<T, String> column(String title, Function<T, String> value, double width) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        column.setSortable(false);
        return column;
    }
}
