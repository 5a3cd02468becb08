package dev.lorabench.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes minimal ustar archives for tests (regular files, symlinks, any name). */
final class TarBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TarBytes file(String name, byte[] content) {
        return entry(name, '0', content, "");
    }

    TarBytes symlink(String name, String target) {
        return entry(name, '2', new byte[0], target);
    }

    TarBytes entry(String name, char type, byte[] content, String linkTarget) {
        return entry(name, type, content, linkTarget, content.length);
    }

    /** A regular file whose header claims {@code claimed} bytes while only {@code content} follows. */
    TarBytes claiming(String name, long claimed, byte[] content) {
        return entry(name, '0', content, "", claimed);
    }

    private TarBytes entry(String name, char type, byte[] content, String linkTarget, long claimed) {
        byte[] header = new byte[512];
        put(header, 0, name, 100);
        put(header, 100, "0000644", 8);
        put(header, 108, "0000000", 8);
        put(header, 116, "0000000", 8);
        put(header, 124, String.format("%011o", claimed), 12);
        put(header, 136, "00000000000", 12);
        header[156] = (byte) type;
        put(header, 157, linkTarget, 100);
        put(header, 257, "ustar", 6);
        put(header, 263, "00", 2);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        put(header, 148, String.format("%06o", sum), 7);
        out.writeBytes(header);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    /** The archive with its two zero end blocks. */
    byte[] tar() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    byte[] tgz() {
        return IdxBytes.gzip(tar());
    }

    private static void put(byte[] header, int offset, String value, int max) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, max));
    }
}
