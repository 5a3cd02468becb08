package dev.lorabench.report;


import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.lorabench.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The record of every run on this machine, one small JSON file per run under the user data dir.
 *
 * <p>A run's entry is written (atomically) when it starts, as {@code running}, and rewritten when
 * it ends. After a crash or {@code kill -9} the entry stays {@code running} with a dead process
 * id; {@link #open} marks such entries {@code interrupted}. Earlier entries are never touched.
 */
public final class RunLedger {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path dir;

    private RunLedger(Path dir) {
        this.dir = dir;
    }

    /** One run in the ledger. */
    public record Entry(
            String id,
            String status,
            String started,
            String ended,
            long pid,
            String description,
            String outDir,
            String message) {

        Entry withStatus(String newStatus, String newMessage) {
            return new Entry(id, newStatus, started, Instant.now().toString(), pid, description, outDir, newMessage);
        }
    }

    /** The user data dir: {@code lorabench.data.dir}, else $XDG_DATA_HOME/lorabench, else ~/.local/share/lorabench. */
    public static Path defaultDataDir() {
        String prop = System.getProperty("lorabench.data.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "lorabench");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "lorabench");
    }

    public static RunLedger atDefaultLocation() throws IOException {
        return open(defaultDataDir().resolve("ledger"));
    }

    /** Opens (creating) the ledger and marks runs whose process died as interrupted. */
    public static RunLedger open(Path dir) throws IOException {
        Files.createDirectories(dir);
        RunLedger ledger = new RunLedger(dir);
        for (Entry e : ledger.entries()) {
            if (e.status().equals("running") && ProcessHandle.of(e.pid()).map(p -> !p.isAlive()).orElse(true)) {
                ledger.write(e.withStatus("interrupted", "the process ended without finishing the run"));
            }
        }
        return ledger;
    }

    public Path dir() {
        return dir;
    }

    /** Records a run that starts now in this process; returns its entry. */
    public Entry started(String description, Path outDir) throws IOException {
        String id = Instant.now().toString().replace(':', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
        Entry e = new Entry(id, "running", Instant.now().toString(), null, ProcessHandle.current().pid(),
                description, outDir == null ? null : outDir.toAbsolutePath().toString(), null);
        write(e);
        return e;
    }

    /** Records how a run ended: finished, failed or cancelled. */
    public Entry ended(Entry entry, String status, String message) throws IOException {
        Entry e = entry.withStatus(status.toLowerCase(Locale.ROOT), message);
        write(e);
        return e;
    }

    /** All entries, oldest first; unreadable files are skipped (they are never half-written). */
    public List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                try {
                    Entry e = GSON.fromJson(Files.readString(f), Entry.class);
                    if (e != null && e.id() != null) {
                        out.add(e);
                    }
                } catch (JsonParseException | IOException ignored) {
                    // A file that is not ours; leave it alone.
                }
            }
        }
        out.sort(Comparator.comparing(Entry::started));
        return out;
    }

    private void write(Entry e) throws IOException {
        AtomicWrite.writeString(dir.resolve(e.id() + ".json"), GSON.toJson(e));
    }
}
