package dev.lorabench.data;

/** The two IDX file kinds this app reads: unsigned-byte images (3 dims) and labels (1 dim). */
enum IdxKind {
    IMAGES(2051, 3, "image"),
    LABELS(2049, 1, "label");

    /** Magic = 0x0000 0x08 (unsigned byte) then the number of dimensions. */
    final int magic;
    final int dims;
    final String noun;

    IdxKind(int magic, int dims, String noun) {
        this.magic = magic;
        this.dims = dims;
        this.noun = noun;
    }

    int headerBytes() {
        return 4 + 4 * dims;
    }
}
