package dev.lorabench.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Safetensors files built by hand, byte by byte, so that tests of the reader have the format's
 * rules as their oracle rather than our writer.
 */
public final class SafetensorsBytes {

    private SafetensorsBytes() {}

    /** The header's length (8 bytes, little-endian), the header as UTF-8, then {@code data} as it is. */
    public static byte[] of(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }
}
