package dev.lorabench.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file through a temporary sibling moved into place, so no reader ever sees half a file
 * and a crash never leaves one. Every file the program writes goes through here.
 */
public final class AtomicWrite {

    private AtomicWrite() {}

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * {@code dir/parts…}, refusing any part that would leave {@code dir} (separators, "..",
     * absolute paths): exports never write outside the folder the user chose.
     */
    public static Path inside(Path dir, String... parts) {
        Path base = dir.toAbsolutePath().normalize();
        Path p = base;
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("/") || part.contains("\\")) {
                throw new IllegalArgumentException("refusing to write '" + part + "' outside " + dir);
            }
            p = p.resolve(part);
        }
        if (!p.normalize().startsWith(base)) {
            throw new IllegalArgumentException("refusing to write " + p + " outside " + dir);
        }
        return p;
    }
}
