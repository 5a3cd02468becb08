package dev.lorabench.app.analysis;

import atlantafx.base.controls.ToggleSwitch;
import dev.lorabench.analysis.CombinationType;
import dev.lorabench.analysis.SignElection;
import dev.lorabench.app.support.Follow;
import dev.lorabench.report.ChartStyle;
import java.io.File;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;

/**
 * The Adapter algebra tab: sources with include boxes and weights, the type and its options
 * (enabled only when the type uses them), Combine, the strength slider, and the class-error bars
 * ({@link AlgebraViewModel}). Builds controls and binds; nothing else.
 */
final class AlgebraPane {

    private AlgebraPane() {}

    static BorderPane build(AlgebraViewModel vm, AnalysisExports exports, ObservableValue<ChartStyle> style) {
        Label note = AnalysisViews.caption("");
        note.setId("algebraNote");
        note.textProperty().bind(vm.noteProperty());
        Node bar = AnalysisViews.bar(AnalysisViews.exportButton("algebraExport", exports,
                AnalysisExport.ALGEBRA_PNG, AnalysisExport.ALGEBRA_CSV), AnalysisViews.busy(vm.busyProperty()), note);

        VBox rows = new VBox(4);
        rows.setId("algebraSources");
        Runnable rebuild = () -> rows.getChildren().setAll(vm.sources().stream().map(AlgebraPane::sourceRow).toList());
        Follow.list(vm.sources(), rebuild);
        Button add = new Button("Add adapter folder…");
        add.setId("algebraAddFolder");
        add.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(add.getScene().getWindow());
            if (dir != null) {
                vm.addFolder(dir.toPath());
            }
        });

        ComboBox<CombinationType> type = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(
                CombinationType.values()));
        type.setId("algebraType");
        type.setConverter(new StringConverter<>() {
            @Override
            public String toString(CombinationType t) {
                return t == null ? "" : t.peftName();
            }

            @Override
            public CombinationType fromString(String s) {
                return CombinationType.byPeftName(s);
            }
        });
        type.valueProperty().bindBidirectional(vm.typeProperty());
        Spinner<Double> density = doubleSpinner("algebraDensity", 0, 1, 0.05, vm.densityProperty());
        density.disableProperty().bind(vm.densityUsed().not());
        Spinner<Integer> svdRank = intSpinner("algebraSvdRank", 0, 4096, vm.svdRankProperty());
        svdRank.setTooltip(new Tooltip("The *svd types' new rank; 0: the largest rank of the adapters"));
        svdRank.disableProperty().bind(vm.svdUsed().not());
        Spinner<Double> clamp = doubleSpinner("algebraSvdClamp", 0, 1, 0.01, vm.svdClampProperty());
        clamp.setTooltip(new Tooltip("Clamp B and A at this quantile of their entries; 1: no clamp"));
        clamp.disableProperty().bind(vm.svdUsed().not());
        ComboBox<SignElection> election = AnalysisViews.combo("algebraElection",
                javafx.collections.FXCollections.observableArrayList(SignElection.values()), vm.electionProperty());
        election.disableProperty().bind(vm.electionUsed().not());
        Spinner<Integer> seed = intSpinner("algebraSeed", 0, Integer.MAX_VALUE, vm.seedProperty());
        seed.disableProperty().bind(vm.seedUsed().not());
        GridPane options = new GridPane();
        options.setHgap(8);
        options.setVgap(4);
        options.addRow(0, new Label("Type"), type);
        options.addRow(1, new Label("Density"), density);
        options.addRow(2, new Label("SVD rank"), svdRank);
        options.addRow(3, new Label("SVD clamp"), clamp);
        options.addRow(4, new Label("Sign election"), election);
        options.addRow(5, new Label("DARE seed"), seed);

        Button combine = new Button("Combine");
        combine.setId("algebraCombine");
        combine.setDefaultButton(true);
        combine.setOnAction(e -> vm.combine());
        combine.disableProperty().bind(vm.busyProperty().or(Bindings.isEmpty(vm.sources())));
        Button export = new Button("Export adapter…");
        export.setId("algebraExportAdapter");
        export.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(export.getScene().getWindow());
            if (dir != null) {
                vm.exportAdapter(dir.toPath());
            }
        });
        export.disableProperty().bind(vm.resultProperty().isNull().or(vm.busyProperty()));

        Slider strength = new Slider(0, 2, 1);
        strength.setId("algebraStrength");
        strength.setMajorTickUnit(0.5);
        strength.setShowTickMarks(true);
        strength.setShowTickLabels(true);
        strength.setPrefWidth(220);
        strength.setTooltip(new Tooltip("Multiply the combination's scale (PEFT's rescale_adapter_scale); the bars follow"));
        strength.valueProperty().bindBidirectional(vm.strengthProperty());
        strength.disableProperty().bind(vm.resultProperty().isNull());
        Label value = new Label();
        value.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.2f", vm.strengthProperty().get()), vm.strengthProperty()));
        ToggleSwitch delta = new ToggleSwitch("Δ vs base");
        delta.setId("algebraDelta");
        delta.selectedProperty().bindBidirectional(vm.deltaProperty());

        VBox left = new VBox(6, AnalysisViews.bold("Adapters (weight: any sign)"), rows, add,
                AnalysisViews.bold("Combination (PEFT's add_weighted_adapter)"), options,
                AnalysisViews.row(combine, export), AnalysisViews.row(new Label("Strength"), strength, value),
                delta);
        ScrollPane scroll = new ScrollPane(left);
        scroll.setFitToWidth(true);
        GridPane grid = AnalysisViews.halfColumns(100);
        grid.add(scroll, 0, 0);
        grid.add(AnalysisViews.chart("algebraChart", vm.chartProperty(),
                "Combine adapters: the bars show the base, each included adapter and the combination", style), 1, 0);
        return AnalysisViews.tab("algebraPane", grid, bar);
    }

    private static Node sourceRow(AlgebraSourceRow row) {
        CheckBox include = new CheckBox(row.label());
        include.setId("algebraInclude-" + row.label());
        include.selectedProperty().bindBidirectional(row.includedProperty());
        include.setDisable(!row.combinable());
        Spinner<Double> weight = doubleSpinner("algebraWeight-" + row.label(), -10, 10, 0.1, row.weightProperty());
        weight.setDisable(!row.combinable());
        weight.setPrefWidth(90);
        Node line = AnalysisViews.row(include, weight);
        if (!row.combinable()) {
            Label why = AnalysisViews.caption(row.refusal());
            include.setTooltip(new Tooltip(row.refusal()));
            return new VBox(0, line, why);
        }
        return line;
    }

    private static Spinner<Double> doubleSpinner(String id, double min, double max, double step, DoubleProperty value) {
        return bound(new Spinner<>(min, max, value.get(), step), id, value::set, value, Number::doubleValue);
    }

    private static Spinner<Integer> intSpinner(String id, int min, int max, IntegerProperty value) {
        return bound(new Spinner<>(min, max, value.get()), id, value::set, value, Number::intValue);
    }

    /** An editable spinner kept in step with a view-model property both ways. */
    private static <T> Spinner<T> bound(Spinner<T> s, String id, java.util.function.Consumer<T> set,
            javafx.beans.value.ObservableValue<? extends Number> value, java.util.function.Function<Number, T> convert) {
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(100);
        Follow.spinner(s, value, set, convert);
        return s;
    }
}
