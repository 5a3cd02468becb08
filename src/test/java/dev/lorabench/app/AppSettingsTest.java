package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.app.form.ExperimentForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSettingsTest {

    @TempDir
    Path temp;

    @Test
    void configDirectoryFollowsPropertyThenXdgThenHome() {
        Properties system = new Properties();
        system.setProperty("user.home", "/home/u");
        assertEquals(Path.of("/home/u/.config/lorabench"), AppSettings.defaultDir(system, Map.of()));
        assertEquals(Path.of("/x/lorabench"), AppSettings.defaultDir(system, Map.of("XDG_CONFIG_HOME", "/x")));
        system.setProperty(AppSettings.CONFIG_DIR_PROPERTY, "/cfg");
        assertEquals(Path.of("/cfg"), AppSettings.defaultDir(system, Map.of("XDG_CONFIG_HOME", "/x")));
    }

    @Test
    void panelValuesAndWindowSizeRoundTrip() throws Exception {
        Path file = temp.resolve("sub/dir").resolve(AppSettings.FILE_NAME);
        AppSettings settings = new AppSettings(file).load();
        assertTrue(settings.values().isEmpty(), "no file yet");
        ExperimentForm form = new ExperimentForm();
        form.fill(dev.lorabench.plan.Presets.get("vgg-mnist").build());
        form.trainLimitProperty().set("2000");
        form.save(settings.values(), "form.");
        settings.values().setProperty("window.width", "1111.0");
        settings.write(settings.snapshot());
        assertTrue(Files.isRegularFile(file));

        AppSettings again = new AppSettings(file).load();
        assertEquals(1111.0, again.getDouble("window.width", 0), 0);
        assertEquals(800.0, again.getDouble("window.height", 800), 0);
        ExperimentForm restored = new ExperimentForm();
        restored.load(again.values(), "form.");
        assertEquals(form.plan(), restored.plan());
    }

    @Test
    void aBrokenFileIsIgnored() throws Exception {
        Path file = temp.resolve(AppSettings.FILE_NAME);
        Files.writeString(file, "form.lr=\\u12"); // bad escape
        AppSettings settings = new AppSettings(file).load();
        assertTrue(settings.values().isEmpty());
    }
}
