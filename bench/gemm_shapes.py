"""The base MLP's batch-64 step products, each alone, in the PyTorch twin (the same shapes as
dev.lorabench.bench.GemmShapes): best and median GFLOP/s against the 2048² ceiling.

/usr/bin/python3 bench/gemm_shapes.py [reps] [copies]

Debian's OpenBLAS 0.3.21 picks its kernels by CPU model: on a model it does not know (here an
Intel Xeon of family 6, model 207) it falls back to 'Prescott' SSE3 kernels, ~40 GFLOP/s for
2048² instead of ~300; `OPENBLAS_VERBOSE=2` prints the core it chose and
`OPENBLAS_CORETYPE=SkylakeX` picks the AVX-512 kernels by hand.
"""
import statistics
import sys
import time

import torch

STEP = [
    ("forward 784→1000", 64, 784, 1000, False, True),
    ("forward 1000→2000", 64, 1000, 2000, False, True),
    ("backward dX of 1000→2000", 64, 2000, 1000, False, False),
    ("backward dW of 1000→2000", 2000, 64, 1000, True, False),
    ("backward dW of 784→1000", 1000, 64, 784, True, False),
]


def timed(m, k, n, ta, tb, copies, reps):
    a = torch.randn(k, m).t() if ta else torch.randn(m, k)
    bs = [torch.randn(n, k).t() if tb else torch.randn(k, n) for _ in range(copies)]
    for i in range(5):
        a @ bs[i % copies]
    seconds = []
    for i in range(reps):
        b = bs[i % copies]
        t0 = time.perf_counter()
        a @ b
        seconds.append(time.perf_counter() - t0)
    return min(seconds), statistics.median(seconds)


def line(name, m, k, n, best, median):
    flops = 2.0 * m * k * n
    return (f"{name:26s} {m:5d}x{k:5d}x{n:5d}  best {best * 1e3:7.3f} ms {flops / best / 1e9:4.0f} GFLOP/s"
            f"  median {median * 1e3:7.3f} ms {flops / median / 1e9:4.0f} GFLOP/s")


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    print(line("ceiling 2048²", 2048, 2048, 2048, *timed(2048, 2048, 2048, False, False, 1, 10)))
    for name, m, k, n, ta, tb in STEP:
        print(line(name, m, k, n, *timed(m, k, n, ta, tb, copies, reps)))


if __name__ == "__main__":
    main()
