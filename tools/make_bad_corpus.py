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



# ---------------------------------------------------------------------------------------------
# Image folders and safetensors / adapters (appended; run the whole script to regenerate).

import json
import struct as _struct
import zlib

BAD = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "bad")


def png(width, height, pixels=None):
    """A grayscale 8-bit PNG; with pixels None, the IDAT holds one empty row only (the header is what counts)."""
    def chunk(kind, data):
        return _struct.pack(">I", len(data)) + kind + data + _struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(pixels[r * width:(r + 1) * width]) for r in range(height)) if pixels else b"\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", _struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def digit_png(seed):
    return png(8, 8, [(seed * 37 + i * 11) % 256 for i in range(64)])


def folder_set(name, classes, extra=None):
    root = os.path.join(BAD, "folders", name)
    for cls, count in classes.items():
        os.makedirs(os.path.join(root, cls), exist_ok=True)
        for i in range(count):
            with open(os.path.join(root, cls, "img%02d.png" % i), "wb") as f:
                f.write(digit_png(i + len(cls)))
    if extra:
        extra(root)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def safetensors(tensors, header_override=None, data=None):
    header = {}
    offset = 0
    blob = b""
    for name, (dtype, shape, values) in tensors.items():
        raw = b"".join(_struct.pack("<f", v) for v in values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blob += raw
    if header_override:
        header_override(header)
    text = json.dumps(header).encode()
    return _struct.pack("<Q", len(text)) + text + (blob if data is None else data)


def adapter(name, tensors, config=None, raw=None):
    folder = os.path.join(BAD, "adapters", name)
    os.makedirs(folder, exist_ok=True)
    cfg = {"peft_type": "LORA", "r": 1, "lora_alpha": 1, "target_modules": ["0"], "use_rslora": False,
           "lora_dropout": 0.0, "bias": "none", "task_type": None}
    if config:
        config(cfg)
    write(os.path.join(folder, "adapter_config.json"), json.dumps(cfg).encode())
    write(os.path.join(folder, "adapter_model.safetensors"), raw if raw is not None else safetensors(tensors))


def more():
    a = ("F32", [1, 4], [0.1, 0.2, 0.3, 0.4])
    b = ("F32", [3, 1], [0.0, 0.0, 0.0])
    good = {"base_model.model.0.lora_A.weight": a, "base_model.model.0.lora_B.weight": b}
    folder_set("corrupt-image", {"a": 3, "b": 3}, lambda r: write(os.path.join(r, "a", "broken.png"), digit_png(1)[:40]))
    folder_set("zero-byte-image", {"a": 3, "b": 3}, lambda r: write(os.path.join(r, "b", "empty.png"), b""))
    folder_set("not-an-image", {"a": 3, "b": 3}, lambda r: write(os.path.join(r, "a", "notes.png"), b"just some text\n"))
    folder_set("huge-png", {"a": 3, "b": 3}, lambda r: write(os.path.join(r, "a", "huge.png"), png(20000, 20000)))
    # A hidden file keeps the empty class folder in git; hidden files are not images to the reader.
    folder_set("empty-class", {"a": 3, "b": 0}, lambda r: write(os.path.join(r, "b", ".keep"), b""))
    folder_set("single-class", {"only": 4})

    def loop(root):
        link = os.path.join(root, "b", "loop")
        if not os.path.lexists(link):
            os.symlink("..", link)
    folder_set("symlink-loop", {"a": 3, "b": 3}, loop)

    adapter("header-beyond-file", good, raw=_struct.pack("<Q", 10_000) + b"{}")
    adapter("header-beyond-bound", good, raw=_struct.pack("<Q", 1 << 40) + b"{}")
    adapter("bad-json", good, raw=_struct.pack("<Q", 9) + b"{not json")
    adapter("wrong-dtype", {"base_model.model.0.lora_A.weight": ("I64", [1, 2], [0.0, 0.0, 0.0, 0.0]),
                            "base_model.model.0.lora_B.weight": b})
    adapter("shape-mismatch", {"base_model.model.0.lora_A.weight": ("F32", [1, 5], [0.1, 0.2, 0.3, 0.4]),
                               "base_model.model.0.lora_B.weight": b})

    def overlap(h):
        h["base_model.model.0.lora_B.weight"]["data_offsets"] = [4, 16]
    adapter("overlapping-offsets", good, raw=safetensors(good, overlap))
    adapter("missing-tensor", {"base_model.model.0.lora_A.weight": a})
    adapter("bad-config-json", good, raw=None, config=None)
    write(os.path.join(BAD, "adapters", "bad-config-json", "adapter_config.json"), b"{\"r\": ")


if __name__ == "__main__":
    main()
    more()
    sys.exit(0)
