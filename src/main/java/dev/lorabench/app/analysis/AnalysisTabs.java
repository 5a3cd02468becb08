package dev.lorabench.app.analysis;

import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The centre's tabs: the live charts first, then the analyses of the selected run. */
public final class AnalysisTabs {

    private AnalysisTabs() {}

    /** @param charts builds the Losses &amp; errors tab, given the command that opens the gallery */
    public static TabPane build(AnalysisViewModel vm, ReplayRerun rerun, java.util.function.Function<Runnable, Node> charts) {
        TabPane tabs = new TabPane();
        tabs.setId("analysisTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab gallery = tab("tabGallery", "Misclassified", GalleryPane.build(vm.gallery()));
        Runnable openGallery = () -> tabs.getSelectionModel().select(gallery);
        tabs.getTabs().addAll(
                tab("tabLosses", "Losses & errors", charts.apply(openGallery)),
                tab("tabIntegrity", "Base integrity", IntegrityPane.build(vm.integrity(), vm.exports())),
                tab("tabDeltaW", "ΔW lab", DeltaWPane.build(vm.deltaW(), vm.exports(), vm.chartStyleProperty())),
                tab("tabSection7", "LoRA §7", Section7Pane.build(vm.section7(), vm.exports(), vm.chartStyleProperty())),
                tab("tabIntruders", "Intruders", IntruderPane.build(vm.intruders(), vm.reduction(), vm.exports(),
                        vm.chartStyleProperty())),
                tab("tabAlgebra", "Adapter algebra", AlgebraPane.build(vm.algebra(), vm.exports(), vm.chartStyleProperty())),
                tab("tabDeltaWTime", "ΔW over time", DeltaWTimelinePane.build(vm.deltaWTimeline(), vm.exports(), vm.chartStyleProperty())),
                tab("tabGain", "Gain / forgetting", GainForgettingPane.build(vm.gain(), rerun, vm.exports(), vm.chartStyleProperty())),
                tab("tabComparisons", "Comparisons", ComparisonsPane.build(vm.comparisons(), vm.exports())),
                tab("tabPareto", "Pareto", ParetoPane.build(vm.pareto(), vm.exports(), vm.chartStyleProperty())),
                tab("tabTrajectory", "Trajectories", TrajectoryPane.build(vm.trajectory(), vm.exports(), vm.chartStyleProperty())),
                tab("tabConfusion", "Confusion", ConfusionPane.build(vm.confusion(), vm.exports(), openGallery, vm.chartStyleProperty())),
                gallery,
                tab("tabPrimer", "SVD primer", SvdPrimerPane.build(vm.primer(), vm.exports(), vm.chartStyleProperty())));
        return tabs;
    }

    private static Tab tab(String id, String title, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        return tab;
    }
}
