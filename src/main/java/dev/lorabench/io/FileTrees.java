package dev.lorabench.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Recursive delete for the cache's own staging and scratch directories. */
public final class FileTrees {

    private FileTrees() {}

    /** Deletes {@code dir} and everything under it, best effort; absent is fine. */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        // Walk does not follow symlinks, so a link inside never leads the delete elsewhere.
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Best effort: a leftover scratch file is harmless and named ".staging-*".
                }
            });
        } catch (IOException e) {
            // Same as above.
        }
    }
}
