package dev.lorabench.data;

import com.google.gson.stream.JsonWriter;
import dev.lorabench.io.AtomicWrite;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * ({@code name: {dtype, shape, data_offsets: [begin, end]}} plus an optional {@code
 * "__metadata__"} string map), then the tensor bytes, little-endian.
 *
 * <p>Reading validates the whole header before any tensor byte is read, as strictly as the
 * reference implementation (see {@link SafetensorsHeader}): header length within the file and a
 * bound, standard JSON with no name given twice, known dtypes, non-negative shapes whose sizes
 * do not overflow, offsets that match the shape exactly, and tensors covering the data exactly,
 * with no hole, overlap or trailing byte. Nothing is allocated beyond the file's real size.
 * Every problem is a {@link DataException} of one line naming the file.
 *
 * <p>Writing produces F32 tensors in sorted name order, contiguous, with the header padded by
 * spaces so that the data starts 8-byte aligned (as the reference implementation does).
 */
public final class Safetensors {

    /** The largest header accepted (the reference implementation uses the same bound). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** The key of the free-form string map in the header. */
    public static final String METADATA_KEY = "__metadata__";

    /** Element types of the format; only the floating ones can be read as floats. */
    public enum DType {
        F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

        private final int size;

        DType(int size) {
            this.size = size;
        }

        public int size() {
            return size;
        }

        public boolean isFloating() {
            return this == F64 || this == F32 || this == F16 || this == BF16;
        }

        static DType parse(String s) {
            for (DType d : values()) {
                if (d.name().equals(s)) {
                    return d;
                }
            }
            return null;
        }
    }

    /** One tensor's header entry; offsets are relative to the start of the data. */
    public record Entry(String name, DType dtype, long[] shape, long begin, long end) {

        public long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** An F32 tensor in memory: its shape and values, row-major. */
    public record Tensor(long[] shape, float[] values) {

        public Tensor {
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                n = Math.multiplyExact(n, d);
            }
            if (n != values.length) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " needs " + n + " values but got " + values.length);
            }
            shape = shape.clone();
        }

        public static Tensor of(float[] values, long... shape) {
            return new Tensor(shape, values);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    private Safetensors() {}

    /** Opens and validates a file's header; tensor data is read on demand. */
    public static Reader open(Path file) throws DataException {
        return open(file, file.toString());
    }

    /** As {@link #open(Path)}, naming the file in messages as {@code shown}. */
    public static Reader open(Path file, String shown) throws DataException {
        long size;
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
        } catch (NoSuchFileException e) {
            throw new DataException(shown + ": no such file");
        } catch (IOException e) {
            throw new DataException(shown + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            Reader r = parse(new SafetensorsSource.Channel(channel, size), shown);
            return r;
        } catch (DataException | RuntimeException e) {
            SafetensorsSource.closeQuietly(channel);
            throw e;
        }
    }

    /** Validates a safetensors file held in memory. */
    public static Reader parse(byte[] bytes, String shown) throws DataException {
        return parse(new SafetensorsSource.Bytes(bytes), shown);
    }

    /** Reads every tensor of a file as floats, in file order of names (sorted). */
    public static Map<String, Tensor> readAll(Path file) throws DataException {
        try (Reader r = open(file)) {
            return r.readAll();
        }
    }

    /** Writes F32 tensors (sorted by name) and string metadata, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicWrite.write(file, raw -> {
            BufferedOutputStream out = new BufferedOutputStream(raw, 1 << 16);
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(len.array());
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : new TreeMap<>(tensors).values()) {
                for (float v : t.values()) {
                    if (buf.remaining() < 4) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putFloat(v);
                }
            }
            out.write(buf.array(), 0, buf.position());
            out.flush();
        });
    }

    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject();
            if (metadata != null && !metadata.isEmpty()) {
                json.name(METADATA_KEY).beginObject();
                for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                    json.name(e.getKey()).value(e.getValue());
                }
                json.endObject();
            }
            long offset = 0;
            for (Map.Entry<String, Tensor> e : new TreeMap<>(tensors).entrySet()) {
                if (e.getKey().equals(METADATA_KEY)) {
                    throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY);
                }
                long bytes = 4L * e.getValue().values().length;
                json.name(e.getKey()).beginObject();
                json.name("dtype").value("F32");
                json.name("shape").beginArray();
                for (long d : e.getValue().shape()) {
                    json.value(d);
                }
                json.endArray();
                json.name("data_offsets").beginArray().value(offset).value(offset + bytes).endArray();
                json.endObject();
                offset += bytes;
            }
            json.endObject();
        }
        StringBuilder s = new StringBuilder(text.toString());
        while (s.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            s.append(' ');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Reader parse(SafetensorsSource source, String shown) throws DataException {
        long size = source.size();
        if (size < 8) {
            throw new DataException(shown + ": " + size + " bytes is too short for a safetensors file (needs at least 8)");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        source.read(0, lenBuf, shown);
        long n = lenBuf.getLong(0);
        if (n < 0 || n > size - 8) {
            throw new DataException(shown + ": header length " + Long.toUnsignedString(n) + " is beyond the file's "
                    + (size - 8) + " bytes after the length field");
        }
        if (n > MAX_HEADER_BYTES) {
            throw new DataException(shown + ": header length " + n + " is above the " + MAX_HEADER_BYTES + "-byte bound");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
        source.read(8, headerBuf, shown);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBuf.flip())
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataException(shown + ": header is not valid UTF-8");
        }
        long dataStart = 8 + n;
        SafetensorsHeader.Parsed header = SafetensorsHeader.parse(text, size - dataStart, shown);
        return new Reader(source, shown, dataStart, header);
    }

    /** A validated file; {@link #close()} releases it. */
    public static final class Reader implements AutoCloseable {

        private final SafetensorsSource source;
        private final String shown;
        private final long dataStart;
        private final SafetensorsHeader.Parsed header;

        private Reader(SafetensorsSource source, String shown, long dataStart, SafetensorsHeader.Parsed header) {
            this.source = source;
            this.shown = shown;
            this.dataStart = dataStart;
            this.header = header;
        }

        /** The file as named in messages. */
        public String shown() {
            return shown;
        }

        /** Entries by name, sorted. */
        public Map<String, Entry> entries() {
            return header.entries();
        }

        public Map<String, String> metadata() {
            return header.metadata();
        }

        /** The tensor's header entry, or a DataException naming the missing tensor. */
        public Entry entry(String name) throws DataException {
            Entry e = header.entries().get(name);
            if (e == null) {
                throw new DataException(shown + ": missing tensor " + name);
            }
            return e;
        }

        /** Reads a floating tensor (F32, F16, BF16 or F64) as F32 values. */
        public Tensor read(String name) throws DataException {
            Entry e = entry(name);
            if (!e.dtype().isFloating()) {
                throw new DataException(shown + ": tensor " + name + ": dtype " + e.dtype()
                        + " cannot be read as floats (F32, F16, BF16 and F64 can)");
            }
            long numel = e.numel();
            if (numel > Integer.MAX_VALUE - 8) {
                throw new DataException(shown + ": tensor " + name + " has " + numel + " values, too many to load");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
            source.read(dataStart + e.begin(), bytes, shown);
            bytes.flip();
            float[] values = new float[(int) numel];
            for (int i = 0; i < values.length; i++) {
                switch (e.dtype()) {
                    case F32:
                        values[i] = bytes.getFloat();
                        break;
                    case F64:
                        values[i] = (float) bytes.getDouble();
                        break;
                    case BF16:
                        values[i] = Float.intBitsToFloat((bytes.getShort() & 0xFFFF) << 16);
                        break;
                    default:
                        values[i] = halfToFloat(bytes.getShort());
                        break;
                }
            }
            return new Tensor(e.shape(), values);
        }

        /** Reads every tensor, sorted by name; all must be floating. */
        public Map<String, Tensor> readAll() throws DataException {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : header.entries().keySet()) {
                out.put(name, read(name));
            }
            return out;
        }

        /** Names of tensors in this file that {@code expected} lacks, and the reverse, for messages. */
        public Set<String> namesNotIn(Set<String> expected) {
            Set<String> extra = new HashSet<>(header.entries().keySet());
            extra.removeAll(expected);
            return new java.util.TreeSet<>(extra);
        }

        @Override
        public void close() {
            source.close();
        }
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
