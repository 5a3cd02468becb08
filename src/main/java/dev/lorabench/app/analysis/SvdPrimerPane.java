package dev.lorabench.app.analysis;

import dev.lorabench.analysis.SvdPrimer;
import dev.lorabench.app.support.Follow;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The SVD primer tab: a base weight's singular values and its rank-k approximations. */
final class SvdPrimerPane {

    private SvdPrimerPane() {}

    static BorderPane build(SvdPrimerViewModel vm, AnalysisExports exports, javafx.beans.value.ObservableValue<dev.lorabench.report.ChartStyle> style) {
        ComboBox<String> layer = AnalysisViews.combo("primerLayerCombo", vm.layers(), vm.layerProperty());
        ProgressIndicator busy = AnalysisViews.busy(vm.computingProperty());
        Label shape = new Label();
        shape.setId("primerShape");
        shape.textProperty().bind(vm.shapeProperty());
        HBox bar = AnalysisViews.bar(
                AnalysisViews.exportButton("primerExport", exports, AnalysisExport.PRIMER_PNG, AnalysisExport.PRIMER_CSV),
                new Label("Base weight of layer"), layer, busy, shape);

        Slider k = new Slider(1, 1, 1);
        k.setId("primerKSlider");
        k.setMajorTickUnit(1);
        k.setMinorTickCount(0);
        k.setSnapToTicks(true);
        k.setPrefWidth(320);
        k.valueProperty().addListener((obs, was, now) -> vm.kProperty().set((int) Math.round(now.doubleValue())));
        Label atK = new Label();
        atK.setId("primerAtK");
        atK.setWrapText(true);
        atK.textProperty().bind(vm.atKProperty());
        HBox kRow = new HBox(8, new Label("rank k"), k, atK);
        kRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(atK, Priority.ALWAYS);

        ListView<String> sigma = new ListView<>();
        sigma.setId("primerSigma");
        sigma.setPrefWidth(170);
        Follow.value(vm.primerProperty(), p -> sigma.setItems(FXCollections.observableArrayList(values(p))));
        // The range before the value: a value beyond the old range would be clamped (and written back).
        Follow.values(() -> {
            SvdPrimer p = vm.primerProperty().get();
            k.setMax(Math.max(1, p == null ? 1 : p.sigma().length));
            k.setValue(vm.kProperty().get());
        }, vm.primerProperty(), vm.kProperty());
        VBox sigmaBox = new VBox(4, AnalysisViews.bold("Singular values σᵢ"), sigma);
        VBox.setVgrow(sigma, Priority.ALWAYS);

        BorderPane chart = new BorderPane(AnalysisViews.chart("primerChart", vm.chartProperty(),
                "Select a run to factorise its base weights", style));
        chart.setBottom(AnalysisViews.caption("W ≈ W_k = U_k Σ_k V_kᵀ keeps the k largest singular values; storing the "
                + "factors costs k·(m+n) numbers instead of m·n. LoRA's ΔW = B·A is such a rank-r product."));
        BorderPane pane = AnalysisViews.tab("primerPane", chart, new VBox(6, bar, kRow));
        pane.setRight(sigmaBox);
        BorderPane.setMargin(sigmaBox, new javafx.geometry.Insets(6, 0, 0, 8));
        return pane;
    }

    private static java.util.List<String> values(SvdPrimer p) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (p != null) {
            for (int i = 0; i < p.sigma().length; i++) {
                out.add(String.format(Locale.ROOT, "σ%-3d %.5g", i + 1, p.sigma()[i]));
            }
        }
        return out;
    }
}
