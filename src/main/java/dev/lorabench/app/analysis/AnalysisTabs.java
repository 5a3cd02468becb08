package dev.lorabench.app.analysis;

import java.util.function.Supplier;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
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
        Tab gallery = lazyTab("tabGallery", "Misclassified", () -> GalleryPane.build(vm.gallery()));
        Runnable openGallery = () -> tabs.getSelectionModel().select(gallery);
        tabs.getTabs().addAll(
                tab("tabLosses", "Losses & errors", charts.apply(openGallery)),
                lazyTab("tabIntegrity", "Base integrity", () -> IntegrityPane.build(vm.integrity(), vm.exports())),
                lazyTab("tabDeltaW", "ΔW lab", () -> DeltaWPane.build(vm.deltaW(), vm.exports(), vm.chartStyleProperty())),
                lazyTab("tabSection7", "LoRA §7", () -> Section7Pane.build(vm.section7(), vm.exports(), vm.chartStyleProperty())),
                lazyTab("tabIntruders", "Intruders", () -> IntruderPane.build(vm.intruders(), vm.reduction(), vm.exports(),
                        vm.chartStyleProperty())),
                lazyTab("tabAlgebra", "Adapter algebra", () -> AlgebraPane.build(vm.algebra(), vm.exports(), vm.chartStyleProperty())),
                lazyTab("tabDeltaWTime", "ΔW over time",
                        () -> DeltaWTimelinePane.build(vm.deltaWTimeline(), vm.exports(), vm.chartStyleProperty())),
                lazyTab("tabGain", "Gain / forgetting",
                        () -> GainForgettingPane.build(vm.gain(), rerun, vm.exports(), vm.chartStyleProperty())),
                lazyTab("tabComparisons", "Comparisons", () -> ComparisonsPane.build(vm.comparisons(), vm.exports())),
                lazyTab("tabPareto", "Pareto", () -> ParetoPane.build(vm.pareto(), vm.exports(), vm.chartStyleProperty())),
                lazyTab("tabTrajectory", "Trajectories",
                        () -> TrajectoryPane.build(vm.trajectory(), vm.exports(), vm.chartStyleProperty())),
                lazyTab("tabConfusion", "Confusion",
                        () -> ConfusionPane.build(vm.confusion(), vm.exports(), openGallery, vm.chartStyleProperty())),
                gallery,
                lazyTab("tabPrimer", "SVD primer", () -> SvdPrimerPane.build(vm.primer(), vm.exports(), vm.chartStyleProperty())));
        return tabs;
    }

    private static Tab tab(String id, String title, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        return tab;
    }

    /**
     * A tab whose content is built when it is first selected. Every pane follows its view-model
     * from whatever state it finds (bindings, or {@link dev.lorabench.app.support.Follow} where a
     * binding cannot), so one built after a run shows that run (DeltaWTimelineViewTest opens each
     * after a real run). Building all 13 up
     * front cost ~1.4 of the ~8 CPU seconds (FX thread and JIT) the window spent before its first
     * run could start, and their hidden nodes took part in every CSS and layout pass of a live run
     * (docs/benchmarks.md, "The window's cost"); most are never opened in a session.
     */
    static Tab lazyTab(String id, String title, Supplier<Node> content) {
        Tab tab = new Tab(title);
        tab.setId(id);
        tab.selectedProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> obs, Boolean was, Boolean selected) {
                if (selected) {
                    tab.selectedProperty().removeListener(this);
                    tab.setContent(content.get());
                }
            }
        });
        return tab;
    }
}
