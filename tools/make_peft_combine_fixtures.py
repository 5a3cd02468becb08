#!/usr/bin/env python3
"""Generates src/test/resources/peft-combine: adapters and PEFT's own combinations of them.

Run once with torch and PEFT importable (e.g. ``. /tmp/peft-env/env.sh`` for PEFT 0.11.1 on
Debian's torch; use /usr/bin/python3):

    /usr/bin/python3 tools/make_peft_combine_fixtures.py

Writes three small adapters in PEFT's layout on two modules, ``fc`` (nn.Linear 7 -> 5) and
``features.conv`` (nn.Conv2d 2 -> 4, 3x3):

  a0  r=2, lora_alpha=4                     (scale 2),      both modules
  a1  r=2, lora_alpha=3, use_rslora         (scale 3/sqrt2), both modules
  a2  r=3, lora_alpha=3                     (scale 1),      fc only

then, for every case in CASES, PEFT's add_weighted_adapter of them (through the same code as
tools/peft_combine_check.py, with its documented corrections for older PEFT) into
``expected.safetensors``: ``<case>/delta/<module>`` the combined delta weight as (out, rest), and
for dare_* cases ``<case>/mask/<layer>.<part>.<adapter>`` the masks PEFT drew (torch seed in the
case). ``cases.json`` lists the cases. The Java test PeftCombineFixtureTest combines the same
folders with lorabench (DARE replaying PEFT's masks) and compares, without Python.

Every combination route has a case with a negative weight. The factor route (linear, ties, dare_*,
magnitude_prune without _svd) takes negative weights from PEFT 0.18 on (#2811), so the fixtures
need PEFT >= 0.18; the committed ones were made with PEFT 0.20.0 on Debian's torch 1.13 (cases.json
says which), in an environment built from release sources as docs/interop.md describes.
"""

import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_torch_fixtures import write_safetensors  # noqa: E402
from peft_combine_check import combine_with_peft, read_adapter  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "peft-combine")

MODULES = {"fc": ((7,), 5), "features.conv": ((2, 3, 3), 4)}
ADAPTERS = {
    "a0": dict(r=2, lora_alpha=4.0, use_rslora=False, modules=["fc", "features.conv"], seed=1),
    "a1": dict(r=2, lora_alpha=3.0, use_rslora=True, modules=["fc", "features.conv"], seed=2),
    "a2": dict(r=3, lora_alpha=3.0, use_rslora=False, modules=["fc"], seed=3),
}
CASES = [
    dict(name="linear", type="linear", adapters=["a0", "a1"], weights=[0.7, -1.3]),
    dict(name="linear_rslora_first", type="linear", adapters=["a1", "a0"], weights=[1.0, 0.5]),
    dict(name="single_becomes_linear", type="ties", adapters=["a0"], weights=[0.5], density=0.5),
    dict(name="cat", type="cat", adapters=["a0", "a1", "a2"], weights=[1.0, -0.5, 2.0]),
    dict(name="svd", type="svd", adapters=["a0", "a1", "a2"], weights=[1.0, -0.5, 0.8]),
    dict(name="svd_rank2_clamp", type="svd", adapters=["a0", "a2"], weights=[1.0, -1.0], svd_rank=2,
         svd_clamp=0.9),
    dict(name="ties", type="ties", adapters=["a0", "a1"], weights=[1.0, -0.6], density=0.5),
    dict(name="ties_frequency", type="ties", adapters=["a0", "a1"], weights=[0.8, 1.1], density=0.7,
         majority_sign="frequency"),
    dict(name="ties_svd", type="ties_svd", adapters=["a0", "a1", "a2"], weights=[1.0, -0.5, 1.0], density=0.6,
         svd_rank=2),
    dict(name="dare_linear", type="dare_linear", adapters=["a0", "a1"], weights=[1.0, -0.5], density=0.6, seed=7),
    dict(name="dare_ties", type="dare_ties", adapters=["a0", "a1"], weights=[0.9, -0.4], density=0.5, seed=8),
    dict(name="dare_linear_svd", type="dare_linear_svd", adapters=["a0", "a1", "a2"], weights=[1.0, -1.0, 0.5],
         density=0.5, seed=9),
    dict(name="dare_ties_svd", type="dare_ties_svd", adapters=["a0", "a1"], weights=[1.0, 0.7], density=0.7,
         majority_sign="frequency", seed=10),
    dict(name="magnitude_prune", type="magnitude_prune", adapters=["a0", "a1"], weights=[1.0, -0.3], density=0.4),
    dict(name="magnitude_prune_svd", type="magnitude_prune_svd", adapters=["a0", "a1", "a2"],
         weights=[1.0, 0.5, -0.5], density=0.5, svd_rank=2),
]


def write_adapter(name, spec):
    torch.manual_seed(spec["seed"])
    tensors = {}
    for module in spec["modules"]:
        rest, out = MODULES[module]
        r = spec["r"]
        tensors[f"base_model.model.{module}.lora_A.weight"] = torch.randn(r, *rest)
        b_shape = (out, r, 1, 1) if len(rest) == 3 else (out, r)
        tensors[f"base_model.model.{module}.lora_B.weight"] = torch.randn(*b_shape) * 0.5
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    write_safetensors(os.path.join(folder, "adapter_model.safetensors"), tensors, {"format": "pt"})
    config = {
        "peft_type": "LORA", "task_type": None, "r": spec["r"], "lora_alpha": spec["lora_alpha"],
        "target_modules": sorted(spec["modules"]), "use_rslora": spec["use_rslora"], "use_dora": False,
        "rank_pattern": {}, "alpha_pattern": {}, "lora_dropout": 0.0, "bias": "none", "fan_in_fan_out": False,
        "base_model_name_or_path": None, "inference_mode": True, "init_lora_weights": True,
        "modules_to_save": None,
    }
    with open(os.path.join(folder, "adapter_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    return folder


def main():
    import peft

    if tuple(int(x) for x in peft.__version__.split(".")[:2]) < (0, 18):
        sys.exit(f"PEFT {peft.__version__}: the fixtures' negative weights on the factor route need PEFT >= 0.18")

    for name, spec in ADAPTERS.items():
        write_adapter(name, spec)
    expected = {}
    notes = {}
    for case in CASES:
        args = argparse.Namespace(type=case["type"], weights=case["weights"], density=case.get("density"),
                                  svd_rank=case.get("svd_rank"), svd_clamp=case.get("svd_clamp"),
                                  majority_sign=case.get("majority_sign", "total"))
        adapters = [read_adapter(os.path.join(OUT, a)) for a in case["adapters"]]
        record = {} if case["type"].startswith("dare") else None
        deltas, case_notes = combine_with_peft(adapters, args, record=record, seed=case.get("seed"))
        for module, d in deltas.items():
            expected[f"{case['name']}/delta/{module}"] = d
        for site, m in (record or {}).items():
            expected[f"{case['name']}/mask/{site}"] = m.float()
        notes[case["name"]] = case_notes
        print(f"{case['name']}: {len(deltas)} modules, {len(record or {})} masks" +
              "".join(f"\n  note: {n}" for n in case_notes))
    write_safetensors(os.path.join(OUT, "expected.safetensors"), expected,
                      {"generator": f"PEFT {peft.__version__}, torch {torch.__version__}"})
    with open(os.path.join(OUT, "cases.json"), "w", encoding="utf-8") as f:
        json.dump({"peft": peft.__version__, "torch": torch.__version__, "cases": CASES, "notes": notes}, f,
                  indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
