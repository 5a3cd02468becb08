package dev.lorabench.app;

import dev.lorabench.app.support.UserPrompts;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** {@link UserPrompts} as non-blocking JavaFX alerts. */
final class AlertPrompts implements UserPrompts {

    static final ButtonType FETCH = new ButtonType("Fetch", ButtonBar.ButtonData.OK_DONE);

    private final Window owner;

    AlertPrompts(Window owner) {
        this.owner = owner;
    }

    @Override
    public void offerFetch(String dataset, String detail, Runnable fetch) {
        offerFetch(dataset, detail, fetch, () -> {});
    }

    @Override
    public void offerFetch(String dataset, String detail, Runnable fetch, Runnable declined) {
        Alert alert = alert(Alert.AlertType.CONFIRMATION, "Dataset missing",
                dataset + " is not in the local cache. Fetch it now?", detail, FETCH, ButtonType.CANCEL);
        alert.resultProperty().addListener((obs, was, now) -> {
            if (now == FETCH) {
                fetch.run();
            } else if (now != null) {
                declined.run();
            }
        });
        alert.show();
    }

    @Override
    public void showInfo(String title, String message) {
        Alert alert = alert(Alert.AlertType.INFORMATION, title, title, message, ButtonType.OK);
        alert.getDialogPane().setMinWidth(520);
        alert.show();
    }

    @Override
    public void showError(String title, String message) {
        alert(Alert.AlertType.ERROR, title, title, message, ButtonType.OK).show();
    }

    private Alert alert(Alert.AlertType type, String title, String header, String message, ButtonType... buttons) {
        Alert alert = new Alert(type, message, buttons);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(header);
        return alert;
    }
}
