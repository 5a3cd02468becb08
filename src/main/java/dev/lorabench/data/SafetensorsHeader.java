package dev.lorabench.data;

import dev.lorabench.data.Safetensors.DType;
import dev.lorabench.data.Safetensors.Entry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The JSON header of a safetensors file, read as strictly as the reference implementation (the
 * safetensors Rust crate) reads it: standard JSON only; dtype, shape and data_offsets each once
 * per tensor (fields the format does not define are skipped, as the reference does); whole
 * numbers for sizes; an optional {@code __metadata__} map of strings; and tensors whose
 * data_offsets, sorted, cover the data exactly: from byte 0, each starting where the previous
 * one ends, the last ending at the end of the file. Unlike the reference, a name given twice
 * is refused rather than one of its values kept.
 */
final class SafetensorsHeader {

    /** A whole number as JSON writes one; the reference reads sizes as unsigned integers. */
    private static final Pattern WHOLE = Pattern.compile("-?(0|[1-9][0-9]*)");

    /** Entries by name (sorted) and the string metadata. */
    record Parsed(Map<String, Entry> entries, Map<String, String> metadata) {}

    private SafetensorsHeader() {}

    /** Parses and checks a header; {@code dataSize} is the number of bytes after it. */
    static Parsed parse(String text, long dataSize, String shown) throws DataException {
        JsonCursor json = new JsonCursor(text, shown + ": header is not valid JSON");
        if (json.peek() != '{') {
            throw new DataException(shown + ": header is not a JSON object");
        }
        Map<String, Entry> entries = new TreeMap<>();
        Map<String, String> metadata = Map.of();
        Set<String> seen = new HashSet<>();
        if (json.beginObject()) {
            do {
                String name = newName(json, seen, shown + ": header");
                if (name.equals(Safetensors.METADATA_KEY)) {
                    metadata = metadata(json, shown);
                } else {
                    entries.put(name, entry(name, json, dataSize, shown));
                }
            } while (json.nextMember());
        }
        if (!json.atEnd()) {
            throw new DataException(shown + ": header is not valid JSON (content after its object)");
        }
        checkLayout(entries, dataSize, shown);
        return new Parsed(Collections.unmodifiableMap(entries), metadata);
    }

    private static Map<String, String> metadata(JsonCursor json, String shown) throws DataException {
        String key = Safetensors.METADATA_KEY;
        if (json.peek() == 'n' && json.rawValue().equals("null")) {
            return Map.of(); // the reference reads an absent map and null alike
        }
        if (json.peek() != '{') {
            throw wrongKind(json, shown + ": " + key + " is not a JSON object");
        }
        Map<String, String> out = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        if (json.beginObject()) {
            do {
                String name = newName(json, seen, shown + ": " + key);
                if (json.peek() != '"') {
                    throw wrongKind(json, shown + ": " + key + " value of " + name + " is not a string");
                }
                out.put(name, json.string());
            } while (json.nextMember());
        }
        return Collections.unmodifiableMap(out);
    }

    private static Entry entry(String name, JsonCursor json, long dataSize, String shown) throws DataException {
        String where = shown + ": tensor " + name + ": ";
        if (json.peek() != '{') {
            throw wrongKind(json, where + "entry is not a JSON object");
        }
        String dtypeName = null;
        long[] shape = null;
        long[] off = null;
        Set<String> seen = new HashSet<>();
        if (json.beginObject()) {
            do {
                String field = newName(json, seen, where + "entry");
                switch (field) {
                    case "dtype" -> {
                        if (json.peek() != '"') {
                            throw wrongKind(json, where + "dtype is missing or not a string");
                        }
                        dtypeName = json.string();
                    }
                    case "shape" -> shape = wholeNumbers(json, field, where, -1);
                    case "data_offsets" -> off = wholeNumbers(json, field, where, 2);
                    default -> json.skipValue(); // the reference skips fields it does not define
                }
            } while (json.nextMember());
        }
        if (dtypeName == null) {
            throw new DataException(where + "dtype is missing or not a string");
        }
        DType dtype = DType.parse(dtypeName);
        if (dtype == null) {
            throw new DataException(where + "dtype " + dtypeName + " is not supported (one of "
                    + Arrays.toString(DType.values()) + ")");
        }
        if (shape == null) {
            throw new DataException(where + "shape is missing or not a list");
        }
        if (off == null) {
            throw new DataException(where + "data_offsets is missing or not a list");
        }
        long numel = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new DataException(where + "shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            numel = multiply(numel, d, where, shape);
        }
        long bytes = multiply(numel, dtype.size(), where, shape);
        long begin = off[0];
        long end = off[1];
        if (begin < 0 || end < 0 || begin > end) {
            throw new DataException(where + "data_offsets " + Arrays.toString(off) + " do not have 0 <= begin <= end");
        }
        if (end - begin != bytes) {
            throw new DataException(where + "data_offsets " + Arrays.toString(off) + " do not match shape "
                    + Arrays.toString(shape) + " of " + dtype + " (" + bytes + " bytes)");
        }
        if (end > dataSize) {
            throw new DataException(where + "data_offsets " + Arrays.toString(off) + " end beyond the "
                    + dataSize + " bytes of data");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /**
     * The next member's name, refused when the object already gave it (the reference would keep
     * one of the values without a word); {@code where} names the object in the message.
     */
    private static String newName(JsonCursor json, Set<String> seen, String where) throws DataException {
        String name = json.name();
        if (!seen.add(name)) {
            throw new DataException(where + " names " + name + " twice");
        }
        return name;
    }

    private static long[] wholeNumbers(JsonCursor json, String field, String where, int length) throws DataException {
        if (json.peek() != '[') {
            throw wrongKind(json, where + field + " is missing or not a list");
        }
        List<Long> items = new ArrayList<>();
        if (json.beginArray()) {
            do {
                String raw = json.rawValue();
                if (!WHOLE.matcher(raw).matches()) {
                    throw new DataException(where + field + " holds " + shorten(raw) + ", not a whole number");
                }
                try {
                    items.add(Long.parseLong(raw));
                } catch (NumberFormatException e) {
                    throw new DataException(where + field + " holds " + shorten(raw) + ", which is too large");
                }
            } while (json.nextElement());
        }
        if (length >= 0 && items.size() != length) {
            throw new DataException(where + field + " must have " + length + " numbers but has " + items.size());
        }
        return items.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The reference's rule: sorted by offsets, each tensor starts where the previous one ended
     * (the first at 0), and the last ends where the file does. A hole, an overlap or bytes after
     * the last tensor mean a damaged or foreign file.
     */
    private static void checkLayout(Map<String, Entry> entries, long dataSize, String shown) throws DataException {
        List<Entry> byOffset = new ArrayList<>(entries.values());
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin() < at) {
                throw new DataException(shown + ": tensors " + previous.name() + " " + offsets(previous) + " and "
                        + e.name() + " " + offsets(e) + " overlap");
            }
            if (e.begin() > at) {
                String around = previous == null
                        ? "before tensor " + e.name() + " " + offsets(e)
                        : "between tensors " + previous.name() + " " + offsets(previous) + " and " + e.name() + " "
                                + offsets(e);
                throw new DataException(shown + ": bytes " + at + ".." + e.begin() + " of the data " + around
                        + " belong to no tensor");
            }
            at = e.end();
            previous = e;
        }
        if (at != dataSize) {
            throw new DataException(shown + ": " + (dataSize - at) + " trailing bytes after the last tensor's end ("
                    + at + " of " + dataSize + " data bytes)");
        }
    }

    private static long multiply(long a, long b, String where, long[] shape) throws DataException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new DataException(where + "shape " + Arrays.toString(shape) + " is too large");
        }
    }

    /** A value of the wrong kind; invalid JSON there is reported as such first. */
    private static DataException wrongKind(JsonCursor json, String message) throws DataException {
        json.rawValue();
        return new DataException(message);
    }

    private static String offsets(Entry e) {
        return "[" + e.begin() + ", " + e.end() + "]";
    }

    private static String shorten(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
