package dev.lorabench.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX byte arrays (valid or deliberately broken) for tests. */
final class IdxBytes {

    private IdxBytes() {}

    /** A header: magic then each dimension, big-endian. */
    static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    /** A valid image file; pixel j of the payload is j % 256. */
    static byte[] images(int count, int rows, int cols) {
        byte[] head = header(2051, count, rows, cols);
        byte[] out = new byte[head.length + count * rows * cols];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int j = head.length; j < out.length; j++) {
            out[j] = (byte) ((j - head.length) % 256);
        }
        return out;
    }

    /** A valid label file with the given labels. */
    static byte[] labels(int... labels) {
        byte[] head = header(2049, labels.length);
        byte[] out = new byte[head.length + labels.length];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = 0; i < labels.length; i++) {
            out[head.length + i] = (byte) labels[i];
        }
        return out;
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
