#!/usr/bin/env python3
"""Writes the small MNIST subset used by the tests (src/test/resources/mnist-small).

Takes the FIRST N train and FIRST M test images/labels of the real raw MNIST IDX files,
rewrites the count in each header, and gzips the result with mtime=0 so reruns are
byte-identical. Prints the SHA-256 of each RAW (uncompressed) subset file; those go into
src/test/java/dev/lorabench/data/MnistSmall.java.

Usage: make_mnist_subset.py SRC_DIR OUT_DIR [N_TRAIN] [N_TEST]
"""
import gzip
import hashlib
import os
import struct
import sys


def subset(src, n, image):
    with open(src, "rb") as f:
        data = f.read()
    if image:
        magic, count, rows, cols = struct.unpack(">IIII", data[:16])
        assert magic == 2051, src
        assert n <= count, (src, n, count)
        body = data[16:16 + n * rows * cols]
        return struct.pack(">IIII", magic, n, rows, cols) + body
    magic, count = struct.unpack(">II", data[:8])
    assert magic == 2049, src
    assert n <= count, (src, n, count)
    return struct.pack(">II", magic, n) + data[8:8 + n]


def main():
    src, out = sys.argv[1], sys.argv[2]
    n_train = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    n_test = int(sys.argv[4]) if len(sys.argv) > 4 else 500
    os.makedirs(out, exist_ok=True)
    for name, n, image in [
        ("train-images-idx3-ubyte", n_train, True),
        ("train-labels-idx1-ubyte", n_train, False),
        ("t10k-images-idx3-ubyte", n_test, True),
        ("t10k-labels-idx1-ubyte", n_test, False),
    ]:
        raw = subset(os.path.join(src, name), n, image)
        with open(os.path.join(out, name + ".gz"), "wb") as f:
            # mtime=0 and no file name in the header: the .gz is reproducible.
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz:
                gz.write(raw)
        print(name, len(raw), hashlib.sha256(raw).hexdigest())


if __name__ == "__main__":
    main()
