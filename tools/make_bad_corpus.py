#!/usr/bin/env python3
"""Writes the IDX part of the bad-input corpus: src/test/resources/bad/idx-sets/<case>/.

Each case is a folder with the four MNIST-named IDX files, all valid and tiny (12 train / 6 test
images of 28x28) except one broken in the way the case's name says. Deterministic: rerunning
gives byte-identical files.
"""
import gzip
import os
import struct
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "bad", "idx-sets")


def images(n, rows=28, cols=28, magic=2051):
    header = struct.pack(">IIII", magic, n, rows, cols)
    return header + bytes((i * 7 + j) % 256 for i in range(n) for j in range(rows * cols))


def labels(n, magic=2049, bad_label=None):
    values = [i % 10 for i in range(n)]
    if bad_label is not None:
        values[0] = bad_label
    return struct.pack(">II", magic, n) + bytes(values)


def valid():
    return {
        "train-images-idx3-ubyte": images(12),
        "train-labels-idx1-ubyte": labels(12),
        "t10k-images-idx3-ubyte": images(6),
        "t10k-labels-idx1-ubyte": labels(6),
    }


CASES = {
    "wrong-magic": ("train-images-idx3-ubyte", images(12, magic=2049)),
    "truncated": ("train-images-idx3-ubyte", images(12)[:-100]),
    "dims-overflow": ("train-images-idx3-ubyte", struct.pack(">IIII", 2051, 0x7FFFFFFF, 0x7FFFFFFF, 28)),
    "count-mismatch": ("train-labels-idx1-ubyte", labels(11)),
    "label-above-9": ("t10k-labels-idx1-ubyte", labels(6, bad_label=12)),
    "empty-file": ("t10k-images-idx3-ubyte", b""),
}


def main():
    for case, (name, content) in CASES.items():
        folder = os.path.join(ROOT, case)
        os.makedirs(folder, exist_ok=True)
        files = valid()
        files[name] = content
        for file, data in files.items():
            with open(os.path.join(folder, file), "wb") as f:
                f.write(data)
    # A ".gz" that is not gzip, next to three valid files.
    folder = os.path.join(ROOT, "gzip-not-gzip")
    os.makedirs(folder, exist_ok=True)
    for file, data in valid().items():
        if file == "train-labels-idx1-ubyte":
            with open(os.path.join(folder, file + ".gz"), "wb") as f:
                f.write(b"this is plain text, not gzip\n")
        else:
            with open(os.path.join(folder, file + ".gz"), "wb") as f:
                f.write(gzip.compress(data, mtime=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
