#!/usr/bin/env python3
"""Proves a lorabench export in PyTorch.

Reads a run folder written by ``lorabench run --save-adapters --out RUN``:

  RUN/base.safetensors            the base model as a PyTorch state dict
  RUN/adapters/<variant>/         LoRA adapters in PEFT's layout
  RUN/check/inputs.safetensors    a few test rows, as the model received them
  RUN/check/logits.safetensors    lorabench's own outputs for them ("base", "<variant>")

builds the PyTorch twin of the model (MLP, VGG, ResNet or linear of lorabench), loads the base,
applies each adapter folder and prints the largest difference against lorabench's outputs.

By default adapters are applied with ``peft.PeftModel.from_pretrained`` (needs torch and peft).
``--no-peft`` applies them by hand instead, W <- W + s * B @ A (reshaped for convolutions; DoRA's
magnitude and rank/alpha patterns included), and needs only torch and numpy.

Exit status: 0 when every difference is within --tol, 1 otherwise, 2 on bad input.
"""

import argparse
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64}


def read_safetensors(path):
    """A small reader: name -> float32 torch tensor, plus the metadata map."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {}) or {}
    base = 8 + n
    out = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        if e["dtype"] == "BF16":
            raw = np.frombuffer(data[base + begin:base + end], dtype="<u2").astype(np.uint32) << 16
            arr = raw.view(np.float32)
        else:
            arr = np.frombuffer(data[base + begin:base + end], dtype=np.dtype(DTYPES[e["dtype"]]).newbyteorder("<"))
        out[name] = torch.from_numpy(arr.astype(np.float32).reshape(e["shape"]).copy())
    return out, meta


def conv(cin, cout, k, stride=1, padding=None):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2 if padding is None else padding, bias=False)


class ToImages(nn.Module):
    def __init__(self, c, h, w):
        super().__init__()
        self.shape = (c, h, w)

    def forward(self, x):
        return x.reshape(-1, *self.shape)


class BasicBlock(nn.Module):
    """relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), torchvision's layout."""

    def __init__(self, cin, cout, stride, downsample):
        super().__init__()
        self.conv1 = conv(cin, cout, 3, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.conv2 = conv(cout, cout, 3, 1)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = nn.Sequential(conv(cin, cout, 1, stride, 0), nn.BatchNorm2d(cout)) if downsample else None

    def forward(self, x):
        y = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        return torch.relu(y + (x if self.downsample is None else self.downsample(x)))


class ResNet(nn.Module):
    def __init__(self, c, h, w, outputs):
        super().__init__()
        self.reshape = ToImages(c, h, w)
        self.conv1 = conv(c, 16, 3)
        self.bn1 = nn.BatchNorm2d(16)
        self.relu = nn.ReLU()
        self.layer1 = nn.Sequential(BasicBlock(16, 16, 1, False))
        self.layer2 = nn.Sequential(BasicBlock(16, 32, 2, True))
        self.layer3 = nn.Sequential(BasicBlock(32, 64, 2, True))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, outputs)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(self.reshape(x))))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class VGG(nn.Module):
    def __init__(self, c, h, w, outputs):
        super().__init__()
        self.reshape = ToImages(c, h, w)
        self.features = nn.Sequential(
            conv(c, 16, 3), nn.ReLU(), conv(16, 16, 3), nn.ReLU(), nn.MaxPool2d(2, 2),
            conv(16, 32, 3), nn.ReLU(), conv(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2, 2))
        self.classifier = nn.Sequential(nn.Linear(32 * (h // 4) * (w // 4), 128), nn.ReLU(), nn.Linear(128, outputs))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(self.reshape(x)), 1))


def build(meta):
    arch = meta["lorabench.architecture"]
    c, h, w = (int(v) for v in meta["lorabench.input"].split("x"))
    outputs = int(meta["lorabench.outputs"])
    if arch == "mlp":
        return nn.Sequential(nn.Linear(c * h * w, 1000), nn.ReLU(), nn.Linear(1000, 2000), nn.ReLU(),
                             nn.Linear(2000, outputs))
    if arch == "linear":
        return nn.Sequential(nn.Linear(c * h * w, outputs))
    if arch == "resnet":
        return ResNet(c, h, w, outputs)
    if arch == "vgg":
        return VGG(c, h, w, outputs)
    raise SystemExit(f"peft_check: unknown architecture {arch!r}")


def load_base(run):
    state, meta = read_safetensors(os.path.join(run, "base.safetensors"))
    model = build(meta)
    model.load_state_dict(state, strict=True)
    return model.eval()


def lora_config_dict(adapter_dir):
    with open(os.path.join(adapter_dir, "adapter_config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    cfg.pop("lorabench", None)  # our notes; older PEFT versions refuse unknown keys
    return cfg


def pattern(patterns, name, default):
    """PEFT's rank_pattern/alpha_pattern lookup: the module's name or a dot-separated suffix of it."""
    if name in patterns:
        return patterns[name]
    return next((v for k, v in patterns.items() if name.endswith("." + k)), default)


def apply_by_hand(model, adapter_dir):
    """What PEFT's merge does for every adapted module: W <- W + s * B @ A, or with DoRA
    W <- m / ||W + s * B @ A|| * (W + s * B @ A), the norm per output channel."""
    cfg = lora_config_dict(adapter_dir)
    weights, _ = read_safetensors(os.path.join(adapter_dir, "adapter_model.safetensors"))
    modules = dict(model.named_modules())
    for name in cfg["target_modules"]:
        r = pattern(cfg.get("rank_pattern") or {}, name, cfg["r"])
        alpha = pattern(cfg.get("alpha_pattern") or {}, name, cfg["lora_alpha"])
        scale = alpha / (r ** 0.5) if cfg.get("use_rslora") else alpha / r
        a = weights[f"base_model.model.{name}.lora_A.weight"]
        b = weights[f"base_model.model.{name}.lora_B.weight"]
        w = modules[name].weight
        with torch.no_grad():
            v = w + (b.reshape(b.shape[0], -1) @ a.reshape(a.shape[0], -1)).reshape(w.shape) * scale
            if cfg.get("use_dora"):
                m = weights[f"base_model.model.{name}.lora_magnitude_vector"].reshape(-1)
                norm = v.reshape(v.shape[0], -1).norm(dim=1)
                v = v * (m / norm).reshape([-1] + [1] * (v.dim() - 1))
            w.copy_(v)
    return model


def apply_with_peft(model, adapter_dir):
    from peft import LoraConfig, PeftModel

    config = LoraConfig(**lora_config_dict(adapter_dir))
    return PeftModel.from_pretrained(model, adapter_dir, config=config).eval()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("run", help="the --out folder of `lorabench run --save-adapters`")
    p.add_argument("--variant", action="append", help="check only this variant (repeatable)")
    p.add_argument("--no-peft", action="store_true", help="apply adapters by hand (W + s*B*A) instead of with PEFT")
    p.add_argument("--tol", type=float, default=1e-4, help="largest accepted absolute difference (default 1e-4)")
    args = p.parse_args()

    inputs, _ = read_safetensors(os.path.join(args.run, "check", "inputs.safetensors"))
    expected, _ = read_safetensors(os.path.join(args.run, "check", "logits.safetensors"))
    x = inputs["inputs"]
    variants = args.variant or sorted(v for v in expected if v != "base")
    worst = 0.0
    with torch.no_grad():
        diff = (load_base(args.run)(x) - expected["base"]).abs().max().item()
        print(f"base        max |torch - lorabench| = {diff:.3e}")
        worst = max(worst, diff)
        for v in variants:
            adapter_dir = os.path.join(args.run, "adapters", v)
            model = load_base(args.run)
            model = apply_by_hand(model, adapter_dir) if args.no_peft else apply_with_peft(model, adapter_dir)
            diff = (model(x) - expected[v]).abs().max().item()
            how = "by hand" if args.no_peft else "PEFT"
            print(f"{v:<11} max |torch - lorabench| = {diff:.3e}  ({how})")
            worst = max(worst, diff)
    ok = worst <= args.tol
    print(f"{'OK' if ok else 'MISMATCH'}: largest difference {worst:.3e} (tolerance {args.tol:g})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
