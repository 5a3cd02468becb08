package dev.lorabench.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The remembered settings: a properties file in the config folder, {@code ${lorabench.config.dir}}
 * if set, else {@code $XDG_CONFIG_HOME/lorabench}, else {@code ~/.config/lorabench}.
 */
public final class AppSettings {

    public static final String FILE_NAME = "workbench.properties";
    public static final String CONFIG_DIR_PROPERTY = "lorabench.config.dir";

    private final Path file;
    private final Properties values = new Properties();

    public AppSettings(Path file) {
        this.file = file;
    }

    /** Settings in the default config folder (see the class comment). */
    public static AppSettings atDefaultLocation() {
        return new AppSettings(defaultDir(System.getProperties(), System.getenv()).resolve(FILE_NAME));
    }

    static Path defaultDir(Properties system, Map<String, String> env) {
        String dir = system.getProperty(CONFIG_DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "lorabench");
        }
        return Path.of(system.getProperty("user.home"), ".config", "lorabench");
    }

    public Path file() {
        return file;
    }

    /** The live values; read and change them on one thread, then {@link #snapshot()} to save. */
    public Properties values() {
        return values;
    }

    /** Reads the file if present; a missing or unreadable file leaves the values empty. */
    public AppSettings load() {
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                values.load(in);
            } catch (IOException | IllegalArgumentException e) {
                values.clear();
            }
        }
        return this;
    }

    /** A copy of the values, safe to hand to another thread for {@link #write}. */
    public Properties snapshot() {
        Properties copy = new Properties();
        copy.putAll(values);
        return copy;
    }

    /** Writes {@code snapshot} to the file (creating the folder), replacing it atomically. */
    public void write(Properties snapshot) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME, ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                snapshot.store(out, "LoRA Workbench settings");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public double getDouble(String key, double fallback) {
        try {
            String v = values.getProperty(key);
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
