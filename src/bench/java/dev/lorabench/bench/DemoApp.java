package dev.lorabench.bench;

import dev.lorabench.app.MainWindow;
import dev.lorabench.app.WorkbenchApp;
import dev.lorabench.app.WorkbenchViewModel;
import javafx.application.Platform;

/**
 * The workbench with {@link DemoAutorun} on top, for screenshots: the product's own window, and
 * once it is shown the named parameters fill the form and press Run.
 */
public final class DemoApp extends WorkbenchApp {

    @Override
    protected void shown(WorkbenchViewModel viewModel, MainWindow window) {
        DemoAutorun demo = DemoAutorun.of(getParameters().getNamed());
        Platform.runLater(() -> demo.start(viewModel, window));
    }
}
