package dev.lorabench.app;

import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The centre's tabs: the live charts first, then the analyses of the selected run. */
final class AnalysisTabs {

    private AnalysisTabs() {}

    static TabPane build(WorkbenchViewModel vm, java.util.function.Function<Runnable, Node> charts) {
        TabPane tabs = new TabPane();
        tabs.setId("analysisTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab gallery = tab("tabGallery", "Misclassified", GalleryPane.build(vm.analysis()));
        Runnable openGallery = () -> tabs.getSelectionModel().select(gallery);
        tabs.getTabs().addAll(
                tab("tabLosses", "Losses & errors", charts.apply(openGallery)),
                tab("tabIntegrity", "Base integrity", IntegrityPane.build(vm.analysis())),
                tab("tabDeltaW", "ΔW lab", DeltaWPane.build(vm.analysis())),
                tab("tabGain", "Gain / forgetting", GainForgettingPane.build(vm)),
                gallery,
                tab("tabPrimer", "SVD primer", SvdPrimerPane.build(vm.analysis())));
        return tabs;
    }

    private static Tab tab(String id, String title, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        return tab;
    }
}
