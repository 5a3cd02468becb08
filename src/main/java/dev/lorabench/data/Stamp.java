package dev.lorabench.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stamp a dataset directory gets after all its files passed verification.
 *
 * <p>It records each file's size and SHA-256 so {@link DatasetCache#status} can tell "cached"
 * from "damaged" cheaply (sizes only) and notice a spec whose checksums changed, without
 * hashing tens of megabytes on every start. Plain text, one "SHA256 SIZE NAME" line a file.
 */
record Stamp(Map<String, Entry> entries) {

    static final String FILE_NAME = ".verified";

    private static final String FIRST_LINE = "# lorabench dataset stamp v1: written after SHA-256 and IDX checks passed";

    record Entry(String sha256, long size) {}

    Stamp {
        entries = Map.copyOf(entries);
    }

    static Path in(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /** Writes the stamp for the given (already verified) files in {@code dir}. */
    static void write(Path dir, DatasetSpec spec) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(FIRST_LINE);
        for (DataFile file : spec.files()) {
            lines.add(file.sha256() + " " + Files.size(dir.resolve(file.name())) + " " + file.name());
        }
        Files.write(in(dir), lines, StandardCharsets.UTF_8);
    }

    /** Reads a stamp; a malformed one is an IOException, since it means the cache is damaged. */
    static Stamp read(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(in(dir), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(FIRST_LINE)) {
            throw new IOException(FILE_NAME + ": unknown format");
        }
        Map<String, Entry> entries = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(" ", 3);
            if (parts.length != 3) {
                throw new IOException(FILE_NAME + ": bad line '" + line + "'");
            }
            try {
                entries.put(parts[2], new Entry(parts[0], Long.parseLong(parts[1])));
            } catch (NumberFormatException e) {
                throw new IOException(FILE_NAME + ": bad size in line '" + line + "'", e);
            }
        }
        return new Stamp(entries);
    }
}
