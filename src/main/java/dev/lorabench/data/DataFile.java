package dev.lorabench.data;

import java.util.Locale;
import java.util.Objects;

/**
 * One file of a dataset with the SHA-256 of its RAW (uncompressed) bytes.
 *
 * <p>The hash is over the raw bytes because sources differ in compression (npm ships raw,
 * Debian ships .gz) while the content must be the same.
 */
public record DataFile(String name, String sha256) {

    public DataFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            // The name becomes a path under the cache; it must not point anywhere else.
            throw new IllegalArgumentException("bad data file name: '" + name + "'");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(name + ": bad SHA-256 '" + sha256 + "' (need 64 hex digits)");
        }
    }
}
