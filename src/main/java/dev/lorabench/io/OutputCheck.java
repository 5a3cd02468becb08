package dev.lorabench.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Checks, before any work, that an output can be written where {@link AtomicWrite} will write
 * it: the folder is created if missing (with its missing parents), a probe file is created in it
 * and deleted, and every folder the check created is removed again, so a check leaves nothing
 * behind. Permission bits are not trusted (root ignores them); the probe asks the file system.
 *
 * <p>A refusal is an {@link IllegalArgumentException} with one line, {@code cannot write to
 * OPTION PATH: reason}; the command line and the window both call this.
 */
public final class OutputCheck {

    private OutputCheck() {}

    /**
     * Checks that folder {@code dir} can be created and written, and that none of {@code files}
     * (names inside it that will be written) is an existing folder.
     *
     * @param option what the user named the folder with, e.g. {@code --out}; may be empty
     */
    public static void folder(String option, Path dir, String... files) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw refused(option, dir, "it is a file, not a folder");
        }
        probe(option, dir, abs);
        for (String name : files) {
            Path target = abs.resolve(name);
            if (Files.isDirectory(target)) {
                throw refused(option, dir, dir.resolve(name) + " is a folder");
            }
        }
    }

    /**
     * Checks that file {@code file} can be written: it is not a folder and its folder can be
     * created and written.
     */
    public static void file(String option, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw refused(option, file, "it is a folder");
        }
        Path parent = abs.getParent();
        if (parent == null) {
            throw refused(option, file, "it has no folder");
        }
        if (Files.exists(parent) && !Files.isDirectory(parent)) {
            throw refused(option, file, parent + " is a file, not a folder");
        }
        probe(option, file, parent);
    }

    /** Creates what is missing of {@code abs}, writes and deletes a probe in it, removes what it created. */
    private static void probe(String option, Path shown, Path abs) {
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            missing.push(existing);
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw refused(option, shown, existing + " is a file, not a folder");
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path p : missing) {
                try {
                    Files.createDirectory(p);
                } catch (IOException e) {
                    throw refused(option, shown, "cannot create folder " + p + " (" + reason(e) + ")");
                }
                created.add(p);
            }
            Path probe;
            try {
                probe = Files.createTempFile(abs, ".lorabench-probe-", ".tmp");
            } catch (IOException e) {
                throw refused(option, shown, "cannot create a file in " + abs + " (" + reason(e) + ")");
            }
            try {
                Files.delete(probe);
            } catch (IOException e) {
                throw refused(option, shown, "cannot delete a file in " + abs + " (" + reason(e) + ")");
            }
        } finally {
            for (int i = created.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(created.get(i));
                } catch (IOException ignored) {
                    // Best effort: an empty folder is all that can be left.
                }
            }
        }
    }

    private static IllegalArgumentException refused(String option, Path path, String why) {
        String named = option == null || option.isEmpty() ? "" : option + " ";
        return new IllegalArgumentException("cannot write to " + named + path + ": " + why);
    }

    /** The operating system's reason, in lower case, without the path it names. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            return r.isEmpty() ? r : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
