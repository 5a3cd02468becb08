package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetensorsTest {

    @TempDir Path tmp;

    /** A file with the given header JSON and {@code dataBytes} zero bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        return Files.write(tmp.resolve("t.safetensors"), SafetensorsBytes.of(header, new byte[dataBytes]));
    }

    private String fails(Path f) {
        DataException e = assertThrows(DataException.class, () -> {
            try (Safetensors.Reader r = Safetensors.open(f)) {
                r.readAll();
            }
        });
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void roundTripKeepsValuesShapesAndMetadataWithSortedAlignedContiguousData() throws Exception {
        Map<String, Safetensors.Tensor> tensors = new TreeMap<>();
        tensors.put("b.weight", Safetensors.Tensor.of(new float[] {1, -2, 3.5f, Float.MIN_VALUE, 1e30f, -0f}, 2, 3));
        tensors.put("a.bias", Safetensors.Tensor.of(new float[] {7}, 1));
        tensors.put("empty", Safetensors.Tensor.of(new float[0], 0, 4));
        Path f = tmp.resolve("sub/x.safetensors");
        Safetensors.write(f, tensors, Map.of("format", "pt", "note", "ünïcode"));

        try (Safetensors.Reader r = Safetensors.open(f)) {
            assertEquals(List.of("a.bias", "b.weight", "empty"), List.copyOf(r.entries().keySet()));
            assertEquals("ünïcode", r.metadata().get("note"));
            assertEquals(Safetensors.DType.F32, r.entry("b.weight").dtype());
            Map<String, Safetensors.Tensor> back = r.readAll();
            for (String k : tensors.keySet()) {
                assertArrayEquals(tensors.get(k).shape(), back.get(k).shape(), k);
                assertArrayEquals(tensors.get(k).values(), back.get(k).values(), 0f, k);
            }
            assertEquals(0, r.entry("a.bias").begin());
            assertEquals(4, r.entry("b.weight").begin()); // sorted, contiguous
        }
        byte[] raw = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        assertEquals(8 + n + 4 + 24, raw.length);
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }

    @Test
    void halfBfloatAndDoubleAreReadAsFloats() throws Exception {
        String h = "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[10,18]}}";
        byte[] hb = h.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + hb.length + 18).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(hb.length).put(hb);
        b.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001); // 1, -2, smallest subnormal
        b.putShort((short) 0x3F80).putShort((short) 0xC0A0); // 1, -5
        b.putDouble(0.25);
        Safetensors.Reader r = Safetensors.parse(b.array(), "mem");
        assertArrayEquals(new float[] {1, -2, 0x1p-24f}, r.read("h").values(), 0f);
        assertArrayEquals(new float[] {1, -5}, r.read("b").values(), 0f);
        assertArrayEquals(new float[] {0.25f}, r.read("d").values(), 0f);
    }

    @Test
    void headerLengthBeyondTheFileIsRefused() throws IOException {
        Path f = tmp.resolve("t.safetensors");
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        assertTrue(fails(f).contains("header length 1000 is beyond the file's 8 bytes"));
        Files.write(f, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        assertTrue(fails(f).contains("header length 18446744073709551615 is beyond"));
        Files.write(f, new byte[3]);
        assertTrue(fails(f).contains("too short"));
    }

    @Test
    void headerLengthAboveTheBoundIsRefusedWithoutReadingIt() throws IOException {
        Path f = tmp.resolve("t.safetensors");
        long n = Safetensors.MAX_HEADER_BYTES + 1;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array());
            raf.setLength(8 + n + 16); // sparse
        }
        assertTrue(fails(f).contains("above the 104857600-byte bound"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":                                                   | header is not valid JSON",
        "[1,2]                                                     | header is not a JSON object",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} x | header is not valid JSON",
        "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,4]}} | tensor a: dtype F8_E4M3 is not supported",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1,784],\"data_offsets\":[0,100]}} | tensor a: data_offsets [0, 100] do not match shape [1, 784] of F32 (3136 bytes)",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}} | tensor a: shape [-1] has a negative dimension",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}} | tensor a: shape [4294967296, 4294967296] is too large",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}} | tensor a: shape holds 1.5, not a whole number",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}} | do not have 0 <= begin <= end",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}} | end beyond the 8 bytes of data",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}                    | tensor a: data_offsets is missing or not a list",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}} | tensors a [0, 4] and b [2, 6] overlap",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}} | header names a twice",
        "{\"__metadata__\":{\"k\":1}}                               | __metadata__ value of k is not a string",
        "{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}} | tensor a: dtype I64 cannot be read as floats",
    })
    void badHeadersAreRefusedWithOneLineNamingTheFile(String header, String message) throws IOException {
        String m = fails(file(header.strip(), 8));
        assertTrue(m.contains(message.strip()), m);
    }

    @Test
    void invalidUtf8IsRefused() throws IOException {
        Path f = tmp.resolve("t.safetensors");
        Files.write(f, ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putLong(2).put((byte) 0xC3).put((byte) 0x28).array());
        assertTrue(fails(f).contains("not valid UTF-8"));
    }

    @Test
    void aMissingTensorIsNamed() throws Exception {
        Path f = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        try (Safetensors.Reader r = Safetensors.open(f)) {
            DataException e = assertThrows(DataException.class, () -> r.read("b"));
            assertEquals(f + ": missing tensor b", e.getMessage());
        }
        assertFalse(Safetensors.open(f).entries().isEmpty());
        DataException e = assertThrows(DataException.class, () -> Safetensors.open(tmp.resolve("none.safetensors")));
        assertTrue(e.getMessage().endsWith("none.safetensors: no such file"));
    }
}
