#!/usr/bin/env python3
"""Generates src/test/resources/torch-fixtures: PyTorch twins of lorabench's small models.

Run once with Debian's python3-torch (``apt-get install -y python3-torch``; use /usr/bin/python3):

    /usr/bin/python3 tools/make_torch_fixtures.py

For each of resnet, vgg (1x16x16 inputs, 10 classes) and linear (10 -> 5) it writes
``<name>.safetensors``: the model's state dict (random init, BatchNorm running statistics set to
non-trivial values) plus two extra tensors, ``_check.inputs`` (4 rows) and ``_check.logits`` (the
eval-mode outputs). The Java test ``TorchFixtureTest`` imports the state dict into the lorabench
model and compares outputs, without Python. The models are the ones tools/peft_check.py builds.
"""

import json
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peft_check import build  # noqa: E402  (the same twins the proof script uses)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "torch-fixtures")


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        t = tensors[name].detach().to(torch.float32).contiguous()
        data = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    torch.manual_seed(1234)
    os.makedirs(OUT, exist_ok=True)
    cases = {
        "resnet": {"lorabench.architecture": "resnet", "lorabench.input": "1x16x16", "lorabench.outputs": "10"},
        "vgg": {"lorabench.architecture": "vgg", "lorabench.input": "1x16x16", "lorabench.outputs": "10"},
        "linear": {"lorabench.architecture": "linear", "lorabench.input": "1x1x10", "lorabench.outputs": "5"},
    }
    for name, meta in cases.items():
        model = build(meta)
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                with torch.no_grad():
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.5, 0.5)
                    m.running_mean.uniform_(-0.5, 0.5)
                    m.running_var.uniform_(0.5, 2.0)
        model.eval()
        c, h, w = (int(v) for v in meta["lorabench.input"].split("x"))
        x = torch.randn(4, c * h * w)
        with torch.no_grad():
            y = model(x)
        tensors = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
        tensors["_check.inputs"] = x
        tensors["_check.logits"] = y
        meta = dict(meta, format="pt", generator=f"torch {torch.__version__}")
        path = os.path.join(OUT, name + ".safetensors")
        write_safetensors(path, tensors, meta)
        print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
