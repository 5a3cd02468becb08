#!/usr/bin/env python3
"""Generates src/test/resources/torch-fixtures/training.safetensors: PyTorch's own training steps.

Run once with Debian's python3-torch (use /usr/bin/python3):

    /usr/bin/python3 tools/make_torch_training_fixture.py

A small MLP (12 -> 16 -> ReLU -> 4, torch.nn.Linear's default initialisation) takes 5 full-batch
steps of torch.optim.Adam (lr 1e-2, torch's defaults) on 32 rows, in three cases:
  ce   - all parameters trained, cross-entropy (nn.CrossEntropyLoss)
  mse  - all parameters trained, squared error (nn.MSELoss, mean over all elements)
  lora - the base frozen, LoRA (rank 2, alpha 4: scale 2) on both layers, B started non-zero,
         cross-entropy; PEFT's forward: base(x) + scale * (x @ A.T) @ B.T
The file holds the inputs, labels and targets, the initial tensors, the loss of every step and the
tensors after the last step. The Java test TorchTrainingFixtureTest trains lorabench's loop from the
same start on the same rows and must land on the same numbers. Full batches make the row order (which
lorabench shuffles) irrelevant.
"""

import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_torch_fixtures import write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "torch-fixtures",
                   "training.safetensors")
STEPS = 5
LR = 1e-2


def mlp():
    return nn.Sequential(nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 4))


class Lora(nn.Module):
    def __init__(self, base, a, b, scale):
        super().__init__()
        self.base = base
        self.a = nn.Parameter(a.clone())
        self.b = nn.Parameter(b.clone())
        self.scale = scale

    def forward(self, x):
        return self.base(x) + self.scale * ((x @ self.a.t()) @ self.b.t())


def train(model, params, x, target, loss_fn):
    opt = torch.optim.Adam(params, lr=LR)
    losses = []
    for _ in range(STEPS):
        loss = loss_fn(model(x), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return torch.tensor(losses, dtype=torch.float64)


def main():
    torch.manual_seed(2024)
    x = torch.randn(32, 12)
    labels = torch.randint(0, 4, (32,))
    targets = torch.randn(32, 4)
    init = mlp()
    start = {k: v.detach().clone() for k, v in init.state_dict().items()}
    tensors = {"x": x, "labels": labels.to(torch.float32), "targets": targets}
    tensors.update({"init." + k: v for k, v in start.items()})

    for case, loss_fn, target in (("ce", nn.CrossEntropyLoss(), labels), ("mse", nn.MSELoss(), targets)):
        model = mlp()
        model.load_state_dict(start)
        losses = train(model, model.parameters(), x, target, loss_fn)
        tensors[case + ".losses"] = losses.to(torch.float32)
        tensors.update({case + ".final." + k: v for k, v in model.state_dict().items()})

    model = mlp()
    model.load_state_dict(start)
    for p in model.parameters():
        p.requires_grad_(False)
    loras = []
    for i in (0, 2):
        layer = model[i]
        a = torch.empty(2, layer.in_features)
        nn.init.kaiming_uniform_(a, a=5 ** 0.5)
        b = torch.randn(layer.out_features, 2) * 0.1
        tensors["lora.init.%d.A" % i] = a
        tensors["lora.init.%d.B" % i] = b
        model[i] = Lora(layer, a, b, 4.0 / 2)
        loras.append((i, model[i]))
    params = [p for _, m in loras for p in (m.a, m.b)]
    losses = train(model, params, x, labels, nn.CrossEntropyLoss())
    tensors["lora.losses"] = losses.to(torch.float32)
    for i, m in loras:
        tensors["lora.final.%d.A" % i] = m.a.detach()
        tensors["lora.final.%d.B" % i] = m.b.detach()
    write_safetensors(OUT, tensors, {"torch": torch.__version__, "steps": str(STEPS), "lr": str(LR)})
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
