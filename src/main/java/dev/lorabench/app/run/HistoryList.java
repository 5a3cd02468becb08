package dev.lorabench.app.run;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;

/** The session's finished runs; selecting one shows its charts and table. */
public final class HistoryList {

    private HistoryList() {}

    /** @param selected the run the workbench shows (a selection here sets it; it sets the selection) */
    public static ListView<RunRecord> build(ObservableList<RunRecord> history, ObjectProperty<RunRecord> selected,
            ReadOnlyBooleanProperty running) {
        ListView<RunRecord> list = new ListView<>(history);
        list.setId("historyList");
        list.setPlaceholder(new Label("Finished runs of this session"));
        list.disableProperty().bind(running);
        list.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null) {
                selected.set(now);
            }
        });
        selected.addListener((obs, was, now) -> {
            if (now == null) {
                list.getSelectionModel().clearSelection();
            } else if (list.getSelectionModel().getSelectedItem() != now) {
                list.getSelectionModel().select(now);
            }
        });
        return list;
    }
}
