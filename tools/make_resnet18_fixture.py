#!/usr/bin/env python3
"""Writes src/test/resources/torch-fixtures/resnet18.json: torchvision's ResNet-18 outputs for
weights and inputs that both sides can regenerate from a formula, so the fixture stays tiny (no
45 MB state dict) while the Java test still imports a full torchvision state dict by name.

Run once with Debian's python3-torch and python3-torchvision (use /usr/bin/python3):

    /usr/bin/python3 tools/make_resnet18_fixture.py

The formula (mirrored in Resnet18FixtureTest):
  value(name, i) = sin(0.37 * i + 0.011 * k) * s,  k = sum of the name's character codes
  s = 1 / sqrt(fan_in) for weights of rank >= 2, 0.1 for biases and BatchNorm betas;
  BatchNorm weights 1 + 0.1 * sin(...), running_mean 0.1 * sin(...), running_var 1 + 0.5 * |sin(...)|.
  input[i] = sin(0.01 * i) over a 2x3x32x32 tensor.
"""
import json
import math
import os

import torch
import torchvision

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "torch-fixtures",
                   "resnet18.json")


def value(name, shape):
    k = sum(ord(c) for c in name)
    n = 1
    for d in shape:
        n *= d
    base = [math.sin(0.37 * i + 0.011 * k) for i in range(n)]
    if name.endswith("running_var"):
        vals = [1 + 0.5 * abs(v) for v in base]
    elif name.endswith("running_mean"):
        vals = [0.1 * v for v in base]
    elif len(shape) >= 2:
        fan_in = n // shape[0]
        vals = [v / math.sqrt(fan_in) for v in base]
    elif name.endswith("weight"):  # BatchNorm gamma
        vals = [1 + 0.1 * v for v in base]
    else:  # biases, BatchNorm beta
        vals = [0.1 * v for v in base]
    return torch.tensor(vals, dtype=torch.float32).reshape(shape)


def main():
    model = torchvision.models.resnet18(num_classes=10)
    state = model.state_dict()
    for name, tensor in state.items():
        if name.endswith("num_batches_tracked"):
            continue
        state[name] = value(name, list(tensor.shape))
    model.load_state_dict(state)
    model.eval()
    x = torch.tensor([math.sin(0.01 * i) for i in range(2 * 3 * 32 * 32)], dtype=torch.float32).reshape(2, 3, 32, 32)
    with torch.no_grad():
        logits = model(x)
    names = {n: list(t.shape) for n, t in state.items() if not n.endswith("num_batches_tracked")}
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__, "input": [2, 3, 32, 32],
                   "logits": logits.tolist(), "stateDict": names}, f, indent=1)
    print("wrote", OUT, "logits[0][:3] =", logits[0][:3].tolist())


if __name__ == "__main__":
    main()
