package dev.lorabench.app;

import javafx.scene.control.Label;
import javafx.scene.control.ListView;

/** The session's finished runs; selecting one shows its charts and table. */
final class HistoryList {

    private HistoryList() {}

    static ListView<RunRecord> build(WorkbenchViewModel vm) {
        ListView<RunRecord> list = new ListView<>(vm.history());
        list.setId("historyList");
        list.setPlaceholder(new Label("Finished runs of this session"));
        list.disableProperty().bind(vm.runningProperty());
        list.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null) {
                vm.selectedRunProperty().set(now);
            }
        });
        vm.selectedRunProperty().addListener((obs, was, now) -> {
            if (now == null) {
                list.getSelectionModel().clearSelection();
            } else if (list.getSelectionModel().getSelectedItem() != now) {
                list.getSelectionModel().select(now);
            }
        });
        return list;
    }
}
