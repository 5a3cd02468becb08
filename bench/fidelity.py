#!/usr/bin/env python3
"""Fidelity check: the seeds' base MLP trained by lorabench and by its PyTorch twin, over several seeds.

The recipe on both sides: MLP 784-1000-2000-10 (torch.nn.Linear's default initialisation),
Adam (lr 1e-3, torch's defaults), cross-entropy, batch 10, one epoch over the first N MNIST
training rows (rows standardised with the training rows' mean and std, as lorabench does),
test accuracy on the whole MNIST test set. lorabench runs through its own command line
(`run --preset mlp-mnist`, with a one-step fine-tune so that the run stays short) and reports
the base's accuracy from run.json; the twin trains the same recipe in plain PyTorch.

    /usr/bin/python3 bench/fidelity.py --lorabench "java -jar target/lorabench.jar" \
        --train-limit 12000 --seeds 1,2,3,4,5 --out runs/fidelity

Prints one line per seed and side, then a Markdown table with mean, min and max per side and
whether lorabench's mean lies inside the twin's min-max.

    /usr/bin/python3 bench/fidelity.py --replay 1 --train-limit 12000

trains one start both ways instead: PyTorch's initial tensors for seed 1, saved as a state dict that
lorabench loads (`--base FILE --base-epochs 1`), and lorabench's batch order for seed 1 (it shuffles
with java.util.SplittableRandom, re-implemented below); prints both loss curves at a few steps and
both test accuracies. Needs the MNIST IDX files in the
lorabench cache (`lorabench data fetch mnist`) and PyTorch (Debian: python3-torch with
libopenblas0-pthread).
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_twin import idx  # noqa: E402  (the twin's IDX reader)


def load(cache, limit):
    d = os.path.join(cache, "datasets", "mnist")
    x = idx(os.path.join(d, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0
    y = idx(os.path.join(d, "train-labels-idx1-ubyte")).astype(np.int64)
    tx = idx(os.path.join(d, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0
    ty = idx(os.path.join(d, "t10k-labels-idx1-ubyte")).astype(np.int64)
    if limit > 0:
        x, y = x[:limit], y[:limit]
    mean, std = float(x.astype(np.float64).mean()), float(x.astype(np.float64).std())
    x, tx = (x - mean) / std, (tx - mean) / std
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    return t(x), t(y), t(tx), t(ty)


def twin(seed, x, y, tx, ty, batch, lr):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(784, 1000), nn.ReLU(), nn.Linear(1000, 2000), nn.ReLU(), nn.Linear(2000, 10))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.randperm(x.shape[0])
    for start in range(0, x.shape[0], batch):
        rows = order[start:start + batch]
        loss = loss_fn(model(x[rows]), y[rows])
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        return float((model(tx).argmax(1) == ty).float().mean())


def lorabench(command, seed, limit, out):
    folder = os.path.join(out, "seed-%d" % seed)
    args = shlex.split(command) + ["run", "--preset", "mlp-mnist", "--train-limit", str(limit), "--test-limit", "0",
                                   "--seed", str(seed), "--finetune-steps", "1", "--ranks", "1", "--no-full",
                                   "--out", folder]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(folder, "run.json")) as f:
        run = json.load(f)
    assert run["config"]["batchSize"] == 10 and run["config"]["lr"] == 0.001, run["config"]
    return run["base"]["accuracy"]


MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


def permutation(n, seed):
    """lorabench's Shuffles.permutation: Fisher-Yates driven by java.util.SplittableRandom(seed)."""
    state = [seed & MASK]

    def next_int():
        state[0] = (state[0] + GOLDEN_GAMMA) & MASK
        z = state[0]
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK
        r = (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK) >> 32
        return r - (1 << 32) if r >= 1 << 31 else r

    def bounded(bound):
        r = next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if u + m - r < (1 << 31):  # no int overflow in Java's u + m - r
                return r
            u = (next_int() & 0xFFFFFFFF) >> 1

    p = list(range(n))
    for i in range(n - 1, 0, -1):
        j = bounded(i + 1)
        p[i], p[j] = p[j], p[i]
    return p


def write_state_dict(path, model):
    header, blobs, offset = {"__metadata__": {"lorabench.architecture": "mlp", "lorabench.input": "1x28x28",
                                              "lorabench.outputs": "10"}}, [], 0
    for name, t in model.state_dict().items():
        data = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for b in blobs:
            f.write(b)


def replay(command, seed, limit, out, data):
    """One start (PyTorch's initial tensors) and one batch order (lorabench's), trained by both."""
    x, y, tx, ty = data
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(784, 1000), nn.ReLU(), nn.Linear(1000, 2000), nn.ReLU(), nn.Linear(2000, 10))
    os.makedirs(out, exist_ok=True)
    start = os.path.join(out, "start-%d.safetensors" % seed)
    write_state_dict(start, model)
    folder = os.path.join(out, "replay-%d" % seed)
    subprocess.run(shlex.split(command) + [
        "run", "--preset", "mlp-mnist", "--train-limit", str(limit), "--test-limit", "0", "--seed", str(seed),
        "--base", start, "--base-epochs", "1", "--finetune-steps", "1", "--ranks", "1", "--no-full",
        "--out", folder], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(folder, "run.json")) as f:
        run = json.load(f)
    theirs = [p["loss"] for p in run["base"]["losses"]]
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.tensor(permutation(x.shape[0], seed * 1_000_003 + 1))
    ours = []
    for s in range(0, x.shape[0], 10):
        rows = order[s:s + 10]
        loss = loss_fn(model(x[rows]), y[rows])
        opt.zero_grad()
        loss.backward()
        opt.step()
        ours.append(loss.item())
    with torch.no_grad():
        replayed = float((model(tx).argmax(1) == ty).float().mean())
    print("step  lorabench loss  PyTorch loss")
    for k in (1, 2, 5, 10, 20, 50, 100, 300, len(ours)):
        if k <= len(ours):
            print("%5d  %.7f  %.7f" % (k, theirs[k - 1], ours[k - 1]))
    print("test accuracy: lorabench %.4f, PyTorch %.4f" % (run["base"]["accuracy"], replayed))
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cache", default=os.environ.get("LORABENCH_CACHE", os.path.expanduser("~/.cache/lorabench")))
    p.add_argument("--lorabench", default="java -jar target/lorabench.jar", help="how to start lorabench")
    p.add_argument("--train-limit", type=int, default=12000)
    p.add_argument("--seeds", default="1,2,3,4,5")
    p.add_argument("--out", default="runs/fidelity")
    p.add_argument("--only", choices=["both", "twin", "lorabench"], default="both")
    p.add_argument("--replay", type=int, default=0, metavar="SEED", help="replay lorabench's seed in PyTorch")
    args = p.parse_args()
    if args.replay:
        return replay(args.lorabench, args.replay, args.train_limit, args.out, load(args.cache, args.train_limit))
    seeds = [int(s) for s in args.seeds.split(",")]
    results = {"lorabench": [], "twin": []}
    data = load(args.cache, args.train_limit) if args.only != "lorabench" else None
    for seed in seeds:
        if args.only != "lorabench":
            acc = twin(seed, *data, batch=10, lr=1e-3)
            results["twin"].append(acc)
            print("twin       seed %d accuracy %.4f" % (seed, acc), flush=True)
        if args.only != "twin":
            acc = lorabench(args.lorabench, seed, args.train_limit, args.out)
            results["lorabench"].append(acc)
            print("lorabench  seed %d accuracy %.4f" % (seed, acc), flush=True)
    print()
    print("| side | seeds | mean | min | max | per seed |")
    print("|---|---|---|---|---|---|")
    for side, accs in results.items():
        if accs:
            print("| %s | %s | %.2f %% | %.2f %% | %.2f %% | %s |" % (
                side, args.seeds, 100 * statistics.mean(accs), 100 * min(accs), 100 * max(accs),
                " ".join("%.2f" % (100 * a) for a in accs)))
    if results["lorabench"] and results["twin"]:
        mean = statistics.mean(results["lorabench"])
        inside = min(results["twin"]) <= mean <= max(results["twin"])
        print()
        print("lorabench mean %.2f %% %s the twin's min-max [%.2f, %.2f] %%" % (
            100 * mean, "inside" if inside else "OUTSIDE", 100 * min(results["twin"]), 100 * max(results["twin"])))
        print(json.dumps(dict(trainLimit=args.train_limit, seeds=seeds, torch=torch.__version__, **results)))
        return 0 if inside else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
