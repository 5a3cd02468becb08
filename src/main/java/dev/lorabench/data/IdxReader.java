package dev.lorabench.data;

import dev.lorabench.io.GrowingRead;
import dev.lorabench.io.Gzip;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads IDX image/label file pairs (the MNIST format), raw or gzip-compressed.
 *
 * <p>No allocation is sized by the header alone: the header is read first and its sizes are
 * bounded; a raw file's real size must equal header + payload before the payload is allocated,
 * and a gzip file's payload is read into memory that grows with the decompressed bytes actually
 * there, so a tiny file claiming millions of images is refused as soon as its data runs out. The
 * file (or the decompressed stream) must hold exactly header + payload bytes. A short or long file means a wrong or damaged file, and is refused rather than padded
 * or cut.
 */
public final class IdxReader {

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** How far past the promised end we read to report trailing bytes; any is already an error. */
    private static final long TRAILING_PROBE = 1 << 20;

    private IdxReader() {}

    /** Reads an image file and its label file; labels must be below classNames.size(). */
    public static ImageSet read(Path images, Path labels, List<String> classNames) throws DataException {
        return read(images, images.toString(), labels, labels.toString(), classNames);
    }

    /** Reads an image file and its label file with class names "0".."9". */
    public static ImageSet read(Path images, Path labels) throws DataException {
        return read(images, labels, DIGITS);
    }

    /** As {@link #read(Path, Path, List)}, naming the files in messages as given. */
    static ImageSet read(Path images, String imagesShown, Path labels, String labelsShown, List<String> classNames)
            throws DataException {
        if (classNames.isEmpty()) {
            throw new DataException(labelsShown + ": no class names given");
        }
        Loaded img = load(images, imagesShown, IdxKind.IMAGES, true);
        Loaded lab = load(labels, labelsShown, IdxKind.LABELS, true);
        if (img.header.count() != lab.header.count()) {
            throw new DataException(imagesShown + " has " + img.header.count() + " images but "
                    + labelsShown + " has " + lab.header.count() + " labels");
        }
        int[] labelInts = new int[lab.header.count()];
        for (int i = 0; i < labelInts.length; i++) {
            int label = lab.payload[i] & 0xFF;
            if (label >= classNames.size()) {
                throw new DataException(labelsShown + ": label " + label + " at index " + i + " is outside 0.."
                        + (classNames.size() - 1) + " (" + classNames.size() + " classes)");
            }
            labelInts[i] = label;
        }
        return ImageSet.of(img.header.rows(), img.header.cols(), 1, img.payload, labelInts, classNames);
    }

    /**
     * Checks one file's header and exact length without keeping its payload.
     *
     * @return the validated header
     */
    static IdxHeader check(Path file, String shown, IdxKind kind) throws DataException {
        return load(file, shown, kind, false).header;
    }

    /**
     * Whether the file is gzip data (by its magic bytes); a file named .gz that is not is refused
     * rather than read raw.
     */
    static boolean isGzip(Path file, String shown) throws DataException {
        boolean gzip;
        try {
            gzip = Gzip.isGzip(file);
        } catch (IOException e) {
            throw new DataException(shown + ": cannot read: " + e.getMessage(), e);
        }
        if (!gzip && Gzip.hasGzName(file)) {
            throw new DataException(shown + ": named .gz but is not gzip data (does not start with 1f 8b)");
        }
        return gzip;
    }

    private record Loaded(IdxHeader header, byte[] payload) {}

    private static Loaded load(Path file, String shown, IdxKind kind, boolean keepPayload) throws DataException {
        long size = sizeOf(file, shown);
        boolean gzip = isGzip(file, shown);
        try (InputStream in = Gzip.open(file, gzip)) {
            byte[] head = new byte[kind.headerBytes()];
            int headLength = in.readNBytes(head, 0, head.length);
            IdxHeader header = IdxHeader.parse(head, headLength, kind, shown);
            if (!gzip && size != header.fileBytes()) {
                // Raw file: the size alone settles it, before allocating anything.
                throw sizeMismatch(shown, header, size, "file has");
            }
            int length = header.payloadBytes();
            byte[] payload = null;
            long got;
            if (!keepPayload) {
                got = drain(in, length);
            } else if (gzip) {
                // Only the header vouches for the decompressed length: grow with what arrives.
                payload = GrowingRead.upTo(in, length);
                got = payload.length;
            } else {
                // The file's real size was checked against the header above.
                payload = new byte[length];
                got = in.readNBytes(payload, 0, length);
            }
            if (got < length) {
                throw sizeMismatch(shown, header, headLength + got, gzip ? "decompressed data has" : "file has");
            }
            long extra = drain(in, TRAILING_PROBE);
            if (extra > 0) {
                String more = extra >= TRAILING_PROBE ? "at least " : "";
                throw new DataException(shown + ": trailing bytes: header says " + header.describe()
                        + " but " + (gzip ? "decompressed data" : "file") + " has " + more + extra + " more");
            }
            return new Loaded(header, payload);
        } catch (IOException e) {
            throw DataException.ofGzipRead(shown, e, DataException.TRUNCATED_GZIP, "cannot read");
        }
    }

    private static long sizeOf(Path file, String shown) throws DataException {
        if (Files.isDirectory(file)) {
            throw new DataException(shown + ": is a directory, not an IDX file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataException(shown + ": file not found", e);
        } catch (IOException e) {
            throw new DataException(shown + ": cannot read: " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new DataException(shown + ": empty file");
        }
        return size;
    }

    private static DataException sizeMismatch(String shown, IdxHeader header, long actual, String has) {
        String problem = actual < header.fileBytes() ? "truncated" : "trailing bytes";
        return new DataException(shown + ": " + problem + ": header says " + header.describe()
                + " but " + has + " " + actual + " bytes");
    }

    /** Reads and discards up to {@code max} bytes; returns how many there were. */
    private static long drain(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        while (total < max) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, max - total));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
