#!/usr/bin/env python3
"""Compare the run.json files of two runs of the same plans, before and after a refactoring.

Usage:
    tools/compare_runs.py BEFORE_DIR AFTER_DIR [NAME ...]

Each NAME (default: every sub-folder of BEFORE_DIR holding a run.json, e.g. the mlp, resnet, vgg
and toy folders that /work/baseline/run.sh-style scripts write) is compared as
BEFORE_DIR/NAME/run.json against AFTER_DIR/NAME/run.json:

* exactly equal: every loss (base and variants, training and validation), accuracy, test MSE,
  predictions, classErrors, classCounts, confusion, targetErrors/otherErrors, the base's sha256
  and the variants' names, kinds, ranks and order;
* within 1e-5 (absolute, or relative for large values): every number of the ΔW analysis
  (integrity, spectra, effective ranks, subspace similarity, amplification, truncation,
  forgetting);
* config: every key of BEFORE must be in AFTER with the same value (AFTER may add keys).

Timings (seconds), environment and anything else are not compared. Prints one line per
difference and exits 1 if there is any (2 for a missing file), 0 when the runs agree.
"""
import json
import math
import sys
from pathlib import Path

ANALYSIS_KEYS = ["integrity", "spectra", "effectiveRank", "energyRank90", "subspaceSimilarity",
                 "amplification", "truncation", "forgetting"]
EVALUATION_KEYS = ["testSamples", "accuracy", "mse", "predictions", "classErrors", "classCounts",
                   "confusion", "targetErrors", "otherErrors"]
VARIANT_KEYS = ["name", "kind", "rank", "status", "divergedAtStep", "stoppedEarlyAfterEpoch",
                "trainableParameters", "layers", "losses", "validationLosses", "baseUnchanged"]
TOLERANCE = 1e-5


def exact(path, a, b, out):
    if a != b:
        out.append(f"{path}: {short(a)} != {short(b)}")


def close(path, a, b, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'before' if k in a else 'after'}")
            else:
                close(f"{path}.{k}", a[k], b[k], out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: length {len(a)} != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            close(f"{path}[{i}]", x, y, out)
    elif isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        exact(path, a, b, out)
    elif not (a == b or (math.isnan(a) and math.isnan(b))
              or abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))):
        out.append(f"{path}: {a} vs {b} (beyond {TOLERANCE})")


def short(v):
    text = json.dumps(v)
    return text if len(text) <= 120 else text[:117] + "..."


def compare(before, after):
    out = []
    for k, v in before.get("config", {}).items():
        if k not in after.get("config", {}):
            out.append(f"config.{k}: missing after")
        else:
            exact(f"config.{k}", v, after["config"][k], out)
    for k in ["classNames", "targetClasses", "finetuneSamples"]:
        exact(k, before.get(k), after.get(k), out)
    for k in ["parameters", "sha256", "trained", "losses"] + EVALUATION_KEYS:
        exact(f"base.{k}", before["base"].get(k), after["base"].get(k), out)
    names_before = [v["name"] for v in before["variants"]]
    names_after = [v["name"] for v in after["variants"]]
    exact("variants (names, in order)", names_before, names_after, out)
    for vb, va in zip(before["variants"], after["variants"]):
        for k in VARIANT_KEYS + EVALUATION_KEYS:
            exact(f"variants[{vb['name']}].{k}", vb.get(k), va.get(k), out)
    for k in ANALYSIS_KEYS:
        close(k, before.get(k), after.get(k), out)
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    before_dir, after_dir = Path(argv[1]), Path(argv[2])
    names = argv[3:] or sorted(p.parent.name for p in before_dir.glob("*/run.json"))
    if not names:
        print(f"no */run.json under {before_dir}", file=sys.stderr)
        return 2
    failed = False
    for name in names:
        b, a = before_dir / name / "run.json", after_dir / name / "run.json"
        if not b.is_file() or not a.is_file():
            print(f"{name}: missing {b if not b.is_file() else a}")
            return 2
        diffs = compare(json.loads(b.read_text()), json.loads(a.read_text()))
        for d in diffs:
            print(f"{name}: {d}")
        print(f"{name}: {'identical' if not diffs else str(len(diffs)) + ' difference(s)'}")
        failed = failed or bool(diffs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
