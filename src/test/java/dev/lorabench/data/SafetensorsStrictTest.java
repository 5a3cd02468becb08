package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files the reference implementation (the safetensors Rust crate) refuses are refused here too:
 * each is built by hand, byte by byte, so the oracle is the format's rules, not our writer.
 */
class SafetensorsStrictTest {

    @TempDir Path tmp;

    /** A file with the given header text and {@code dataBytes} bytes of data (byte i is i). */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] data = new byte[dataBytes];
        for (int i = 0; i < dataBytes; i++) {
            data[i] = (byte) i;
        }
        return Files.write(tmp.resolve("t.safetensors"), SafetensorsBytes.of(header, data));
    }

    private String refused(Path f) {
        DataException e = assertThrows(DataException.class, () -> Safetensors.open(f).close());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e.getMessage();
    }

    private static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // A later key must not silently win over an earlier one.
        "{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8],\"dtype\":\"F64\"}} | 8 | tensor a: entry names dtype twice",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"shape\":[1,2],\"data_offsets\":[0,8]}}     | 8 | tensor a: entry names shape twice",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"data_offsets\":[0,8]}} | 8 | tensor a: entry names data_offsets twice",
        "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}                                        | 0 | __metadata__ names k twice",
        // Only standard JSON (RFC 8259).
        "{\"a\":{dtype:\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}                       | 4 | header is not valid JSON (expected a quoted name at byte 6)",
        "{\"a\":{'dtype':'F32','shape':[1],'data_offsets':[0,4]}}                          | 4 | header is not valid JSON (expected a quoted name at byte 6)",
        "{\"a\":{\"dtype\":F32,\"shape\":[1],\"data_offsets\":[0,4]}}                       | 4 | header is not valid JSON (unexpected 'F' at byte 14)",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],}}                  | 4 | header is not valid JSON (expected a quoted name at byte 53)",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1,],\"data_offsets\":[0,4]}}                  | 4 | header is not valid JSON (unexpected ']' at byte 31)",
        "{\"a\":{\"dtype\":\"F32\";\"shape\":[1],\"data_offsets\":[0,4]}}                   | 4 | header is not valid JSON (expected ',' or '}' at byte 19)",
        "{\"a\":{/*c*/\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}              | 4 | header is not valid JSON (expected a quoted name at byte 6)",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[01],\"data_offsets\":[0,4]}}                  | 4 | header is not valid JSON (leading zero at byte 29)",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":NaN}}         | 4 | header is not valid JSON (unexpected 'N' at byte 57)",
        "{\"a\":{\"dtype\":\"F\\u0033\\ud800\",\"shape\":[1],\"data_offsets\":[0,4]}}       | 4 | header is not valid JSON (unpaired surrogate \\ud800 at byte 22)",
        // A size is a whole number written as one (the reference reads it as an unsigned integer).
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}                 | 4 | tensor a: shape holds 1.0, not a whole number",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4e0]}}                 | 4 | tensor a: data_offsets holds 4e0, not a whole number",
        // The tensors cover the data exactly: from byte 0, no holes, nothing after the last.
        "{" + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}       | 12 | bytes 4..8 of the data between tensors a [0, 4] and b [8, 12] belong to no tensor",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}                   | 8 | bytes 0..4 of the data before tensor a [4, 8] belong to no tensor",
        "{" + A + "}                                                                        | 8 | 4 trailing bytes after the last tensor's end (4 of 8 data bytes)",
        "{}                                                                                 | 3 | 3 trailing bytes after the last tensor's end (0 of 3 data bytes)",
    })
    void whatTheReferenceRefusesIsRefused(String header, int dataBytes, String problem) throws IOException {
        String m = refused(file(header.strip(), dataBytes));
        assertTrue(m.contains(problem.strip()), m);
    }

    @Test
    void nestingDeeperThanTheReferenceAllowsIsRefused() throws IOException {
        String deep = "[".repeat(200) + "]".repeat(200);
        String m = refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":" + deep + "}}", 4));
        assertTrue(m.contains("header is not valid JSON (nested deeper than 128 at byte "), m);
    }

    @Test
    void whatTheReferenceAcceptsIsAccepted() throws Exception {
        // Whitespace around tokens, escapes in names, fields the format does not define, empty
        // tensors between full ones, tensors listed out of offset order, a null __metadata__.
        String header = " {\n\t\"__metadata__\" : null ,"
                + "\"b\\u002eweight\":{\"shape\":[2],\"dtype\":\"F32\",\"data_offsets\":[4,12],\"note\":{\"x\":[1,2.5e-3,true,null]}},"
                + "\"empty\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[4,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}   ";
        Path f = Files.write(tmp.resolve("ok.safetensors"), ByteBuffer.allocate(8 + header.length() + 12)
                .order(ByteOrder.LITTLE_ENDIAN).putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII))
                .putFloat(1f).putFloat(2f).putFloat(-3f).array());
        try (Safetensors.Reader r = Safetensors.open(f)) {
            assertEquals(List.of("a", "b.weight", "empty"), List.copyOf(r.entries().keySet()));
            assertEquals(Map.of(), r.metadata());
            assertArrayEquals(new float[] {1f}, r.read("a").values(), 0f);
            assertArrayEquals(new float[] {2f, -3f}, r.read("b.weight").values(), 0f);
            assertArrayEquals(new long[] {0, 3}, r.read("empty").shape());
        }
    }
}
