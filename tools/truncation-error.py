#!/usr/bin/env python3
"""Compares the truncation curves of two run.json files of the same run (same plan, seed and base):
one measured on the whole test set (--full-test-analysis, or a version before the subset) and one
on the analysis subset. Prints |difference| per k, its maximum, and the standard error of an
accuracy p measured on n of N rows drawn without replacement, sqrt(p(1-p)/n * (N-n)/(N-1))
(stratifying by class can only lower it), at the whole-set curve's lowest and highest p.
Usage: tools/truncation-error.py WHOLE.json SUBSET.json"""
import json
import math
import sys

whole, subset = (json.load(open(p))["truncation"] for p in sys.argv[1:3])
name = "accuracy" if "accuracy" in whole else "mse"
a, b = whole[name], subset[name]
n, big_n = subset.get("rows"), subset.get("testRows")
diffs = [abs(x - y) for x, y in zip(a, b)]
for k, (x, y, d) in enumerate(zip(a, b, diffs), start=1):
    print(f"k={k:2d} whole {x:.4f} subset {y:.4f} |diff| {d:.4f}")
print(f"max |diff| over k: {max(diffs):.4f} (mean {sum(diffs) / len(diffs):.4f}); full fine-tune: whole "
      f"{whole['fullFineTune']:.4f}, subset {subset['fullFineTune']:.4f}")
if name == "accuracy" and n and big_n and n < big_n:
    for p in (min(a), max(a)):
        se = math.sqrt(p * (1 - p) / n * (big_n - n) / (big_n - 1))
        print(f"standard error at p={p:.4f}, n={n} of {big_n}: {se:.4f} (2 SE {2 * se:.4f})")
