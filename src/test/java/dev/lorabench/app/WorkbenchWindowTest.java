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
 * The set-up every end-to-end test of the real window shares: settings and the cache in a temporary
 * folder, a fresh {@link WorkbenchApp} per test, and its window disposed (timers stopped) afterwards.
 */
@ExtendWith(ApplicationExtension.class)
abstract class WorkbenchWindowTest {

    @TempDir
    static Path temp;

    protected WorkbenchApp app;
    protected WorkbenchViewModel vm;

    private static String oldCache;

    @BeforeAll
    static void isolate() {
        System.setProperty(AppSettings.CONFIG_DIR_PROPERTY, temp.resolve("config").toString());
        // The app keeps trained bases under the cache root (ADR 0025): not in the developer's.
        oldCache = System.getProperty("lorabench.cache.dir");
        System.setProperty("lorabench.cache.dir", temp.resolve("cache").toString());
    }

    @AfterAll
    static void restore() {
        System.clearProperty(AppSettings.CONFIG_DIR_PROPERTY);
        if (oldCache == null) {
            System.clearProperty("lorabench.cache.dir");
        } else {
            System.setProperty("lorabench.cache.dir", oldCache);
        }
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
