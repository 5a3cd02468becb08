package dev.lorabench.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a length that a file's header promised, into memory that grows with the bytes that
 * actually arrive: a tiny compressed file whose header claims gigabytes costs a few kilobytes
 * before it is found short, never the claim.
 */
public final class GrowingRead {

    /** The first buffer; real payloads pass it after a few doublings. */
    static final int FIRST = 1 << 16;

    private GrowingRead() {}

    /**
     * Up to {@code length} bytes from {@code in}: an array of exactly {@code length} bytes, or a
     * shorter one holding everything there was when the stream ends first.
     */
    public static byte[] upTo(InputStream in, int length) throws IOException {
        byte[] buffer = new byte[Math.min(length, FIRST)];
        int filled = 0;
        while (true) {
            if (filled == buffer.length) {
                if (filled == length) {
                    return buffer;
                }
                // Doubling keeps the copies linear; the last step lands on length, so a full
                // read returns its buffer without a final trimming copy.
                buffer = Arrays.copyOf(buffer, (int) Math.min(length, 2L * buffer.length));
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                return Arrays.copyOf(buffer, filled);
            }
            filled += n;
        }
    }
}
