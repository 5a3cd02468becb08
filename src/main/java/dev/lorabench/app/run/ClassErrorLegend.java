package dev.lorabench.app.run;

import atlantafx.base.theme.Styles;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;

/**
 * The class-error bars' legend: one check box per series (base and variants) that shows or hides
 * its bars, so a dwarfing full fine-tune can be taken out and the axis fits the ranks.
 */
public final class ClassErrorLegend {

    private ClassErrorLegend() {}

    public static FlowPane build(ChartsViewModel vm) {
        FlowPane legend = new FlowPane(10, 4);
        legend.setId("barLegendBox");
        legend.setPadding(new Insets(4, 8, 6, 8));
        vm.barNames().addListener((ListChangeListener<String>) change -> rebuild(vm, legend));
        vm.styleProperty().addListener((obs, was, now) -> rebuild(vm, legend));
        vm.deltaBarsProperty().addListener((obs, was, now) -> rebuild(vm, legend));
        rebuild(vm, legend);
        return legend;
    }

    private static void rebuild(ChartsViewModel vm, FlowPane legend) {
        legend.getChildren().clear();
        for (String name : vm.barNames()) {
            CheckBox box = new CheckBox(name);
            box.setId("bars-" + name);
            box.setGraphic(LossChartPane.swatch(vm.classErrors().hex(name)));
            box.selectedProperty().bindBidirectional(vm.barVisibleProperty(name));
            if (name.equals(dev.lorabench.report.SeriesPalette.BASE) && vm.deltaBarsProperty().get()) {
                // Δ vs base is measured from the base: it has no bars of its own then.
                box.setDisable(true);
                box.setTooltip(new Tooltip("Δ vs base shows each variant minus the base"));
                box.getStyleClass().add(Styles.TEXT_MUTED);
            }
            legend.getChildren().add(box);
        }
    }
}
