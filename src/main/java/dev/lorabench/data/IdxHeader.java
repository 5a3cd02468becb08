package dev.lorabench.data;

/**
 * A validated IDX header.
 *
 * @param count number of items (images or labels)
 * @param rows image rows (1 for labels)
 * @param cols image columns (1 for labels)
 * @param payloadBytes bytes after the header, count * rows * cols; fits a Java array
 */
record IdxHeader(IdxKind kind, int count, int rows, int cols, int payloadBytes) {

    /** Largest image side accepted; real datasets are tiny, a huge value means a bad header. */
    static final int MAX_SIDE = 10_000;

    /** Largest payload; the pixels must fit one Java byte array. */
    static final int MAX_PAYLOAD = Integer.MAX_VALUE - 8;

    long fileBytes() {
        return (long) kind.headerBytes() + payloadBytes;
    }

    /** E.g. "60000 images of 28x28 (47040016 bytes)" or "60000 labels (60008 bytes)". */
    String describe() {
        String what = kind == IdxKind.IMAGES
                ? count + " images of " + rows + "x" + cols
                : count + " labels";
        return what + " (" + fileBytes() + " bytes)";
    }

    /** Parses and checks a header; {@code shown} names the file in messages. */
    static IdxHeader parse(byte[] head, int length, IdxKind kind, String shown) throws DataException {
        if (length < 4) {
            throw new DataException(shown + ": truncated: " + length + " bytes is too short for an IDX header");
        }
        int magic = intAt(head, 0);
        if (magic != kind.magic) {
            String hint = "";
            for (IdxKind other : IdxKind.values()) {
                if (other != kind && other.magic == magic) {
                    hint = " (that is an IDX " + other.noun + " file)";
                }
            }
            throw new DataException(shown + ": bad magic " + magic + " (0x" + String.format("%08x", magic)
                    + "), expected " + kind.magic + " for an IDX " + kind.noun + " file" + hint);
        }
        if (length < kind.headerBytes()) {
            throw new DataException(shown + ": truncated: IDX " + kind.noun + " header needs "
                    + kind.headerBytes() + " bytes but file has " + length);
        }
        int count = intAt(head, 4);
        if (count <= 0) {
            throw new DataException(shown + ": header says " + count + " " + kind.noun + "s; need a positive count");
        }
        int rows = 1;
        int cols = 1;
        if (kind == IdxKind.IMAGES) {
            rows = intAt(head, 8);
            cols = intAt(head, 12);
            if (rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
                throw new DataException(shown + ": header says images of " + rows + "x" + cols
                        + "; each side must be 1.." + MAX_SIDE);
            }
        }
        int payload;
        try {
            payload = Math.multiplyExact(Math.multiplyExact(count, rows), cols);
        } catch (ArithmeticException e) {
            throw new DataException(shown + ": header says " + count + " images of " + rows + "x" + cols
                    + ", which overflows (more than " + MAX_PAYLOAD + " bytes)");
        }
        if (payload > MAX_PAYLOAD) {
            throw new DataException(shown + ": header says " + count + " images of " + rows + "x" + cols
                    + " (" + payload + " bytes), more than the " + MAX_PAYLOAD + " bytes one array can hold");
        }
        return new IdxHeader(kind, count, rows, cols, payload);
    }

    private static int intAt(byte[] b, int off) {
        // IDX is big-endian.
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
