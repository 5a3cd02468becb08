package dev.lorabench.app;

import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The set-up every end-to-end test of the real window shares: settings in a temporary folder, a
 * fresh {@link WorkbenchApp} per test, and its window disposed (timers stopped) afterwards.
 */
@ExtendWith(ApplicationExtension.class)
abstract class WorkbenchWindowTest {

    @TempDir
    static Path temp;

    protected WorkbenchApp app;
    protected WorkbenchViewModel vm;

    @BeforeAll
    static void isolate() {
        System.setProperty(AppSettings.CONFIG_DIR_PROPERTY, temp.resolve("config").toString());
    }

    @AfterAll
    static void restore() {
        System.clearProperty(AppSettings.CONFIG_DIR_PROPERTY);
    }

    /** Call from the subclass's {@code @Start} method (TestFX looks for it on the test class itself). */
    protected void open(Stage stage) {
        app = new WorkbenchApp();
        app.start(stage);
        vm = app.viewModel();
    }

    @AfterEach
    void stopTimer() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.window().dispose()).get();
    }
}
