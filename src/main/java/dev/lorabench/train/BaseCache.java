package dev.lorabench.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.io.FileTrees;
import dev.lorabench.io.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Bases trained from a recipe, kept under the user's cache and reused when a later run asks for the
 * same recipe (ADR 0025): {@code <root>/bases/<key>/} holds {@code recipe.json} (the canonical
 * recipe, whose SHA-256 is the key), {@code base.params} (the parameters) and {@code entry.json}
 * (the parameters' SHA-256, the tensors' digest, the training loss curve, when it was made).
 *
 * <p>An entry only ever appears complete: it is written in a staging folder beside the entries and
 * renamed into place. A reused entry is checked first (recipe, SHA-256 of the parameters); one that
 * fails is reported and trained again, and the new base replaces it. Storing is best effort: a
 * failed store never fails the run.
 */
public final class BaseCache {

    static final String RECIPE = "recipe.json";
    static final String PARAMETERS = "base.params";
    static final String ENTRY = "entry.json";
    private static final String ENTRY_SCHEMA = "lorabench.base-cache-entry/1";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    private final Path dir;

    private BaseCache(Path dir) {
        this.dir = dir;
    }

    /** The base cache under a cache root (the dataset cache's, in the app and the CLI): {@code root/bases}. */
    public static BaseCache under(Path cacheRoot) {
        return new BaseCache(Objects.requireNonNull(cacheRoot, "cacheRoot").toAbsolutePath().normalize().resolve("bases"));
    }

    /** No cache: nothing is looked up or stored ({@code --no-base-cache}, tests). */
    public static BaseCache off() {
        return new BaseCache(null);
    }

    public boolean isOn() {
        return dir != null;
    }

    /** The folder of the entries (null when off). */
    public Path dir() {
        return dir;
    }

    /** One cached base as {@code cache list} shows it; {@code problem} is null for a readable entry. */
    public record Entry(String key, String architecture, String dataset, int epochs, long seed, long bytes,
            Instant created, String problem) {}

    /** What {@link #clear()} removed. */
    public record Cleared(int entries, long bytes) {}

    /** A verified entry: its parameters, the tensors' digest they load to, the training curve. */
    record Hit(String key, byte[] parameters, String tensorsSha256, List<LossPoint> losses) {}

    /**
     * The verified entry for {@code recipe}, or null: none, or one that fails a check (then {@code
     * warnings} gets one line saying what failed).
     */
    Hit find(BaseRecipe recipe, Consumer<String> warnings) {
        if (!isOn()) {
            return null;
        }
        String key = recipe.key();
        Path entry = dir.resolve(key);
        if (!Files.isDirectory(entry)) {
            return null;
        }
        try {
            String saved = Files.readString(entry.resolve(RECIPE), StandardCharsets.UTF_8);
            if (!saved.equals(recipe.json())) {
                throw new IOException(RECIPE + " is not the recipe its key names");
            }
            JsonObject o = JsonParser.parseString(Files.readString(entry.resolve(ENTRY), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            if (!ENTRY_SCHEMA.equals(o.get("schema").getAsString())) {
                throw new IOException(ENTRY + " has schema " + o.get("schema") + ", not " + ENTRY_SCHEMA);
            }
            byte[] parameters = BaseParameters.read(entry.resolve(PARAMETERS));
            String expected = o.get("parametersSha256").getAsString();
            String actual = sha256(parameters);
            if (!actual.equals(expected)) {
                throw new IOException(PARAMETERS + " has SHA-256 " + abbreviate(actual) + " but "
                        + abbreviate(expected) + " was recorded");
            }
            return new Hit(key, parameters, o.get("tensorsSha256").getAsString(), losses(o.getAsJsonArray("losses")));
        } catch (IOException | RuntimeException e) {
            // RuntimeException: Gson's parse errors and missing or mistyped fields.
            warnings.accept(damaged(key, why(e)));
            return null;
        }
    }

    private static String why(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return "no " + Path.of(missing.getFile()).getFileName();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The one-line warning for an entry that cannot be used; the base is then trained again. */
    static String damaged(String key, String why) {
        return "cached base " + abbreviate(key) + " is unusable (" + why + "); training the base again";
    }

    /**
     * Stores a base trained from {@code recipe}, replacing any entry of that key (a damaged one:
     * a sound one would have been reused).
     */
    void store(BaseRecipe recipe, byte[] parameters, String tensorsSha256, List<LossPoint> losses, Instant created)
            throws IOException {
        if (!isOn()) {
            return;
        }
        Files.createDirectories(dir);
        String key = recipe.key();
        Path staging = Files.createTempDirectory(dir, ".staging-" + key.substring(0, 12) + "-");
        try {
            JsonObject o = new JsonObject();
            o.addProperty("schema", ENTRY_SCHEMA);
            o.addProperty("key", key);
            o.addProperty("created", created.toString());
            o.addProperty("parametersSha256", sha256(parameters));
            o.addProperty("tensorsSha256", tensorsSha256);
            JsonArray curve = new JsonArray();
            for (LossPoint p : losses) {
                JsonArray point = new JsonArray();
                point.add(p.step());
                point.add(p.loss());
                curve.add(point);
            }
            o.add("losses", curve);
            AtomicWrite.writeBytes(staging.resolve(PARAMETERS), parameters);
            AtomicWrite.writeString(staging.resolve(RECIPE), recipe.json());
            AtomicWrite.writeString(staging.resolve(ENTRY), GSON.toJson(o));
            replace(staging, dir.resolve(key));
        } finally {
            FileTrees.deleteQuietly(staging);
        }
    }

    /** Moves {@code staging} to {@code target} by rename, an old entry set aside first and then deleted. */
    private void replace(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(dir, ".old-" + target.getFileName().toString().substring(0, 12) + "-");
            Files.delete(old); // only the unique name is wanted; the rename needs it absent
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.deleteQuietly(old);
        }
    }

    /** Every entry, newest first; an entry that cannot be read is listed with its problem. */
    public List<Entry> list() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Path entry : entryDirs()) {
            String key = entry.getFileName().toString();
            long bytes = size(entry);
            try {
                JsonObject r = JsonParser.parseString(Files.readString(entry.resolve(RECIPE), StandardCharsets.UTF_8))
                        .getAsJsonObject();
                JsonObject e = JsonParser.parseString(Files.readString(entry.resolve(ENTRY), StandardCharsets.UTF_8))
                        .getAsJsonObject();
                entries.add(new Entry(key, r.get("architecture").getAsString(), r.get("dataset").getAsString(),
                        r.get("epochs").getAsInt(), r.get("seed").getAsLong(), bytes,
                        Instant.parse(e.get("created").getAsString()), null));
            } catch (IOException | RuntimeException e) {
                entries.add(new Entry(key, "?", "?", 0, 0, bytes, null, "unreadable: " + why(e)));
            }
        }
        entries.sort(Comparator.comparing(Entry::created, Comparator.nullsLast(Comparator.reverseOrder())));
        return entries;
    }

    /** Deletes every entry (and any staging left by an interrupted store). */
    public Cleared clear() throws IOException {
        if (!isOn() || !Files.isDirectory(dir)) {
            return new Cleared(0, 0);
        }
        int entries = 0;
        long bytes = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                boolean entry = Files.isDirectory(child) && !child.getFileName().toString().startsWith(".");
                long size = size(child);
                FileTrees.deleteQuietly(child);
                if (Files.exists(child)) {
                    throw new IOException(child + ": could not be deleted");
                }
                if (entry) {
                    entries++;
                    bytes += size;
                }
            }
        }
        return new Cleared(entries, bytes);
    }

    private List<Path> entryDirs() throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (!isOn() || !Files.isDirectory(dir)) {
            return dirs;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (Files.isDirectory(child) && !child.getFileName().toString().startsWith(".")) {
                    dirs.add(child);
                }
            }
        }
        return dirs;
    }

    private static long size(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            }
            return total;
        }
    }

    private static List<LossPoint> losses(JsonArray curve) {
        List<LossPoint> points = new ArrayList<>(curve.size());
        for (JsonElement e : curve) {
            JsonArray point = e.getAsJsonArray();
            points.add(new LossPoint(point.get(0).getAsInt(), point.get(1).getAsDouble()));
        }
        return points;
    }

    private static String sha256(byte[] bytes) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }

    static String abbreviate(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) + "…" : hex;
    }
}
