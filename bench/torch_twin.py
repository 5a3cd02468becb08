#!/usr/bin/env python3
"""Reference twin of the benchmark tool (`java -jar target/lorabench-bench.jar`): the same workloads in plain PyTorch.

The seeds' recipe: nn.Sequential MLP 784-1000-2000-10, Adam 1e-3, CrossEntropyLoss, MNIST rows
standardised with the training rows' mean and std (as lorabench does), the same batch sizes and
the same first N training rows, read with numpy from the IDX files in the lorabench cache.

    /usr/bin/python3 bench/torch_twin.py --cache /path/to/cache --train-limit 6000 --repeats 3

Prints one JSON object with the same fields as `lorabench-bench.jar --json`, so that the ratio of any
workload is lorabench seconds / twin seconds.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn

MACS = 784 * 1000 + 1000 * 2000 + 2000 * 10


def idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(cache, limit):
    d = os.path.join(cache, "datasets", "mnist")
    x = idx(os.path.join(d, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0
    y = idx(os.path.join(d, "train-labels-idx1-ubyte")).astype(np.int64)
    if limit > 0:
        x, y = x[:limit], y[:limit]
    x = (x - x.mean()) / max(x.std(), 1e-6)
    return torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(y)


def mlp():
    return nn.Sequential(nn.Linear(784, 1000), nn.ReLU(), nn.Linear(1000, 2000), nn.ReLU(), nn.Linear(2000, 10))


class LoraLinear(nn.Module):
    """Frozen base + scale * B(A(x)); A as PEFT draws it (Kaiming-uniform, a=sqrt(5)), B zeros."""

    def __init__(self, base, rank, alpha=1.0):
        super().__init__()
        self.base = base
        for p in base.parameters():
            p.requires_grad_(False)
        self.a = nn.Parameter(torch.empty(rank, base.in_features))
        nn.init.kaiming_uniform_(self.a, a=math.sqrt(5))
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x):
        return self.base(x) + self.scale * ((x @ self.a.t()) @ self.b.t())


def variant(rank):
    torch.manual_seed(42)
    m = mlp()
    if rank > 0:
        for i in (0, 2, 4):
            m[i] = LoraLinear(m[i], rank)
    return m


class Lane:
    def __init__(self, model):
        self.model = model
        params = [p for p in model.parameters() if p.requires_grad]
        self.opt = torch.optim.Adam(params, lr=1e-3)


def fit(lanes, x, y, batch, seed=42):
    """One epoch; each batch steps every lane in turn (one lane: a plain training loop)."""
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(seed)
    order = torch.randperm(x.shape[0], generator=g)
    fwd = bwd = opt = 0.0
    steps = samples = 0
    t0 = time.perf_counter()
    for start in range(0, x.shape[0], batch):
        rows = order[start:start + batch]
        xb, yb = x[rows], y[rows]
        for lane in lanes:
            a = time.perf_counter()
            loss = loss_fn(lane.model(xb), yb)
            b = time.perf_counter()
            lane.opt.zero_grad()
            loss.backward()
            loss.item()
            c = time.perf_counter()
            lane.opt.step()
            d = time.perf_counter()
            fwd += b - a
            bwd += c - b
            opt += d - c
            steps += 1
            samples += xb.shape[0]
    return time.perf_counter() - t0, dict(forward=fwd, backward=bwd, optimizer=opt, steps=steps, samples=samples)


def peak_rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def measure(name, batch, repeats, ceiling, run):
    runs = []
    for _ in range(repeats):
        runs.append(run())
    runs.sort(key=lambda r: r[0])
    seconds, t = runs[len(runs) // 2]
    steps = max(1, t["steps"])
    f, b, o = (t[k] * 1e3 / steps for k in ("forward", "backward", "optimizer"))
    gflops = 6.0 * MACS * t["samples"] / seconds / 1e9
    result = dict(name=name, batchSize=batch, steps=t["steps"], samples=t["samples"], seconds=seconds,
                  samplesPerSecond=t["samples"] / seconds, forwardMs=f, backwardMs=b, optimizerMs=o,
                  optimizerShare=o / (f + b + o), gflops=gflops, ceilingShare=gflops / ceiling,
                  peakRssKb=peak_rss_kb(), runs=[r[0] for r in runs])
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def gemm_ceiling(runs):
    a = torch.rand(2048, 2048) * 2 - 1
    b = torch.rand(2048, 2048) * 2 - 1
    a @ b
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        (a @ b)[0, 0].item()
        times.append(time.perf_counter() - t0)
    return 2.0 * 2048 ** 3 / statistics.median(times) / 1e9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cache", default=os.environ.get("LORABENCH_CACHE", os.path.expanduser("~/.cache/lorabench")))
    p.add_argument("--train-limit", type=int, default=6000)
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--batch-sizes", default="64,10")
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: torch's default)")
    p.add_argument("--no-sweeps", action="store_true")
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    batches = [int(b) for b in args.batch_sizes.split(",")]
    x, y = load(args.cache, args.train_limit)
    ceiling = gemm_ceiling(max(3, 3 * args.repeats))
    if ceiling < 80:
        # Debian's OpenBLAS 0.3.21 falls back to SSE3 'Prescott' kernels on CPU models it does not
        # know (Intel family 6 model 207 measured 37 GFLOP/s instead of ~220): no valid reference.
        print("torch_twin: the 2048² matmul reaches only %.0f GFLOP/s; if OPENBLAS_VERBOSE=2 prints"
              " 'Core: Prescott', set OPENBLAS_CORETYPE (SkylakeX, Haswell, Zen)" % ceiling, file=sys.stderr)
    results = []
    for b in batches:
        results.append(measure("base-epoch", b, args.repeats, ceiling, lambda: fit([Lane(variant(0))], x, y, b)))
    for r in range(1, 5):
        results.append(measure("lora-r%d" % r, batches[0], args.repeats, ceiling,
                               lambda: fit([Lane(variant(r))], x, y, batches[0])))

    def sequential(b):
        total, acc = 0.0, dict(forward=0, backward=0, optimizer=0, steps=0, samples=0)
        for rank in (1, 2, 3, 4, 0):
            s, t = fit([Lane(variant(rank))], x, y, b)
            total += s
            for k in acc:
                acc[k] += t[k]
        return total, acc

    ratios = {}
    if not args.no_sweeps:
        for b in batches:
            seq = measure("sweep-sequential", b, args.repeats, ceiling, lambda: sequential(b))
            lock = measure("sweep-lockstep", b, args.repeats, ceiling,
                           lambda: fit([Lane(variant(r)) for r in (1, 2, 3, 4, 0)], x, y, b))
            results += [seq, lock]
            ratios["lockstepOverSequential@%d" % b] = lock["seconds"] / seq["seconds"]
    print(json.dumps(dict(engine="pytorch " + torch.__version__, threads=torch.get_num_threads(),
                          ompWaitPolicy=os.environ.get("OMP_WAIT_POLICY", "unset"), cores=os.cpu_count(),
                          trainSamples=int(x.shape[0]), repeats=args.repeats, ceilingGflops=ceiling,
                          results=results, ratios=ratios), indent=2))


if __name__ == "__main__":
    main()
