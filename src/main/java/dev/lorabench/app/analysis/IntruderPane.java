package dev.lorabench.app.analysis;

import dev.lorabench.app.support.Follow;
import dev.lorabench.report.ChartStyle;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Intruders tab: the counts per variant at k and ε, the counts over ε, one variant's
 * similarity matrix ({@link IntruderViewModel}), and the λ slider of PEFT's reduction with the
 * class errors it gives ({@link ReductionViewModel}).
 */
final class IntruderPane {

    private IntruderPane() {}

    static BorderPane build(IntruderViewModel vm, ReductionViewModel reduction, AnalysisExports exports,
            ObservableValue<ChartStyle> style) {
        ComboBox<String> layer = AnalysisViews.combo("intruderLayerCombo", vm.layers(), vm.layerProperty());
        Spinner<Integer> k = new Spinner<>();
        k.setId("intruderKSpinner");
        SpinnerValueFactory.IntegerSpinnerValueFactory kValues =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, Math.max(1, vm.kMaxProperty().get()), 1);
        kValues.maxProperty().bind(Bindings.max(1, vm.kMaxProperty()));
        k.setValueFactory(kValues);
        k.setEditable(true);
        k.setPrefWidth(80);
        // Started at 1, then following k: a k above the layer's kMax is capped and the cap written
        // back, as when kMax shrinks under it. Given to the factory's constructor, such a k became its
        // minimum: a pane built after a run whose first layer has kMax < 10 showed k = 1, counting at kMax.
        Follow.spinner(k, vm.kProperty(), vm.kProperty()::set, Number::intValue);
        k.setTooltip(new Tooltip("How many leading directions of W + ΔW are examined (at most half the layer's smaller dimension)"));
        Spinner<Double> epsilon = new Spinner<>(0.05, 1.0, vm.epsilonProperty().get(), 0.05);
        epsilon.setId("intruderEpsilonSpinner");
        epsilon.setPrefWidth(90);
        epsilon.setEditable(true);
        Follow.spinner(epsilon, vm.epsilonProperty(), vm.epsilonProperty()::set, Number::doubleValue);
        epsilon.setTooltip(new Tooltip("A direction is an intruder when its best |cos| with W's directions is below ε"));
        Label note = AnalysisViews.caption("");
        note.setId("intruderNote");
        note.textProperty().bind(vm.noteProperty());
        HBox bar = AnalysisViews.bar(AnalysisViews.exportButton("intruderExport", exports,
                        AnalysisExport.INTRUDER_COUNTS_PNG, AnalysisExport.INTRUDER_SIMILARITY_PNG,
                        AnalysisExport.INTRUDER_REDUCTION_PNG, AnalysisExport.INTRUDERS_CSV,
                        AnalysisExport.INTRUDER_COUNTS_CSV, AnalysisExport.INTRUDER_SIMILARITY_CSV),
                new Label("Layer"), layer, new Label("k"), k, new Label("ε"), epsilon, note);

        TableView<IntruderRow> table = AnalysisViews.table("intruderTable", vm.rows(), "No intruder findings for this layer");
        table.getColumns().add(IntegrityPane.column("W + ΔW of", IntruderRow::variant, 90));
        table.getColumns().add(IntegrityPane.column("Intruders", IntruderRow::countText, 80));
        table.getColumns().add(IntegrityPane.column("Lowest best |cos|", IntruderRow::lowestCosineText, 110));
        table.getColumns().add(IntegrityPane.column("Which (of the top k)", IntruderRow::indices, 140));
        VBox tableBox = new VBox(4, AnalysisViews.bold("Intruder dimensions (Shuttleworth et al.)"), table,
                AnalysisViews.caption("Among the top-k left singular vectors of the fine-tuned weight, those whose best "
                        + "|cos| with every singular vector of the base is below ε: directions the fine-tune brought in."));
        VBox.setVgrow(table, Priority.ALWAYS);

        ComboBox<String> variant = AnalysisViews.combo("intruderVariantCombo", vm.variants(), vm.variantProperty());
        VBox similarity = new VBox(2, AnalysisViews.row(new Label("Similarity matrix of"), variant),
                AnalysisViews.grow(AnalysisViews.chart("intruderSimilarityChart", vm.similarityChartProperty(),
                        "Select a layer with intruder findings", style)));

        GridPane grid = AnalysisViews.halfColumns(50, 50);
        grid.add(tableBox, 0, 0);
        grid.add(AnalysisViews.chart("intruderCountsChart", vm.countsChartProperty(), "No intruder counts", style), 1, 0);
        grid.add(similarity, 0, 1);
        grid.add(reductionBox(reduction, style), 1, 1);
        return AnalysisViews.tab("intruderPane", grid, bar);
    }

    /** The λ slider, its variant, and the class errors the reduced adapter gives. */
    private static VBox reductionBox(ReductionViewModel vm, ObservableValue<ChartStyle> style) {
        ComboBox<String> variant = AnalysisViews.combo("reductionVariantCombo", vm.variants(), vm.variantProperty());
        Slider lambda = new Slider(0, 1, 0);
        lambda.setId("reductionSlider");
        lambda.setMajorTickUnit(0.25);
        lambda.setShowTickMarks(true);
        lambda.setShowTickLabels(true);
        lambda.setPrefWidth(200);
        lambda.setTooltip(new Tooltip("Share of each intruder direction removed from W + ΔW (PEFT's"
                + " reduce_intruder_dimension); 0 is the adapter as trained"));
        lambda.valueProperty().bindBidirectional(vm.removedProperty());
        Label value = new Label();
        value.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.2f", vm.removedProperty().get()), vm.removedProperty()));
        Label note = AnalysisViews.caption("");
        note.setId("reductionNote");
        note.textProperty().bind(vm.noteProperty());
        HBox controls = AnalysisViews.row(new Label("Reduce"), variant, new Label("λ"), lambda, value,
                AnalysisViews.busy(vm.reducingProperty()));
        controls.disableProperty().bind(Bindings.isEmpty(vm.variants()));
        VBox box = new VBox(2, AnalysisViews.bold("Share of intruder directions removed (λ)"), controls, note,
                AnalysisViews.grow(AnalysisViews.chart("reductionChart", vm.chartProperty(),
                        "Move λ: the variant is re-evaluated with the reduced adapter; its class-error bars follow", style)));
        return box;
    }

}
