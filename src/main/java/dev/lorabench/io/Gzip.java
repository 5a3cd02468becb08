package dev.lorabench.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens files that may or may not be gzip-compressed.
 *
 * <p>Compression is detected from the magic bytes 0x1f 0x8b, never from the name: sources are
 * inconsistent (Debian ships .gz, npm raw, users rename files).
 */
public final class Gzip {

    private static final int BUFFER = 1 << 16;

    private Gzip() {}

    /** True when the file starts with the gzip magic bytes. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** True when the name says gzip; used only to refuse a .gz file that is not gzip. */
    public static boolean hasGzName(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().endsWith(".gz");
    }

    /** The file's content, decompressed when {@code gzip} is true. */
    public static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        if (!gzip) {
            return raw;
        }
        try {
            return new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
