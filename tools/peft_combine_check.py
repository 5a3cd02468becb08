#!/usr/bin/env python3
"""Checks a lorabench adapter combination against PEFT's own add_weighted_adapter.

    peft_combine_check.py --type ties --weights 1,-0.5 --density 0.5 --combined C A B

A, B, ...: adapter folders in PEFT's layout (lorabench exports or PEFT's save_pretrained).
C:         lorabench's combination of them (PEFT's layout; for dare_* types with its drop masks in
           C/dare_masks.safetensors, see --masks).

The script builds a bare PyTorch model with just the adapters' target modules (nn.Linear for 2-D
lora_A, nn.Conv2d for 4-D; base weights do not enter a combination), loads every adapter into it
with PEFT, calls PEFT's LoraModel.add_weighted_adapter with the same arguments, and compares every
module's delta weight (PEFT's get_delta_weight of the new adapter against lorabench's s * B @ A).

Randomness and conventions, made equal on purpose (docs/decisions/0026):
  * DARE: torch's random generator cannot be reproduced from Java, so PEFT is fed lorabench's masks
    (--masks, by default C/dare_masks.safetensors): torch.bernoulli returns them in PEFT's call
    order. --record-masks FILE --seed N instead records the masks PEFT draws itself (for lorabench
    to replay later); then nothing is compared unless --combined is given too.
  * svd_clamp: its quantile is over signed entries, so it depends on the signs LAPACK picks for
    singular vectors; with --svd-clamp torch.linalg.svd is given lorabench's convention (each u's
    entry of largest magnitude positive). Without a clamp signs do not matter and nothing is changed.
  * PEFT releases before the fixes lorabench follows are corrected the way upstream corrected them,
    and the script says so when it happens: random_pruning rescales by 1/density (#3152, PEFT
    0.19); the combined adapter's scaling is 1 (#3449: PEFT keeps use_rslora of the first adapter,
    and before 0.16 its rank/alpha patterns). Negative weights on the factor route (linear, ties,
    dare_linear, dare_ties, magnitude_prune) need PEFT >= 0.18 (#2811); older PEFT fails on them.

Needs torch, numpy and peft. Exit status: 0 when every module is within --tol, 1 otherwise,
2 on bad input or what the PEFT in use cannot do.
"""

import argparse
import contextlib
import json
import os
import re
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peft_check import pattern, read_safetensors  # noqa: E402  (one reader for both checks)

FACTOR_ROUTE = ("linear", "ties", "dare_linear", "dare_ties", "magnitude_prune")
SVD_ROUTE = ("svd", "ties_svd", "dare_linear_svd", "dare_ties_svd", "magnitude_prune_svd")
TYPES = FACTOR_ROUTE + ("cat",) + SVD_ROUTE
MASKS = "dare_masks.safetensors"
PREFIX = "base_model.model."


def version_tuple(v):
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])


def read_adapter(folder):
    """(config dict without lorabench's notes, {module: (A, B)} as stored)."""
    with open(os.path.join(folder, "adapter_config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    cfg.pop("lorabench", None)
    weights, _ = read_safetensors(os.path.join(folder, "adapter_model.safetensors"))
    factors = {}
    for name in cfg["target_modules"]:
        factors[name] = (weights[f"{PREFIX}{name}.lora_A.weight"], weights[f"{PREFIX}{name}.lora_B.weight"])
    return cfg, factors


def skeleton(adapters):
    """A bare model holding every target module at its dotted path (bias-free, zero weights)."""
    root = nn.Module()
    for _, factors in adapters:
        for name, (a, b) in factors.items():
            parent = root
            *path, leaf = name.split(".")
            for part in path:
                if not hasattr(parent, part):
                    parent.add_module(part, nn.Module())
                parent = getattr(parent, part)
            if hasattr(parent, leaf):
                continue
            if a.dim() == 2:
                layer = nn.Linear(a.shape[1], b.shape[0], bias=False)
            elif a.dim() == 4:
                layer = nn.Conv2d(a.shape[1], b.shape[0], tuple(a.shape[2:]), bias=False)
            else:
                raise SystemExit(f"peft_combine_check: module {name} has lora_A of shape {list(a.shape)}")
            nn.init.zeros_(layer.weight)
            parent.add_module(leaf, layer)
    return root


def lora_config(cfg):
    from peft import LoraConfig

    cfg = dict(cfg)
    # A full match of exactly these module names: PEFT's list form matches name suffixes, which
    # could put this adapter on another adapter's module of the skeleton.
    cfg["target_modules"] = "|".join(re.escape(n) for n in sorted(cfg["target_modules"]))
    return LoraConfig(**cfg)


def peft_model(adapters):
    """A PeftModel holding adapter i as "a{i}", loaded from its folder's tensors."""
    from peft import get_peft_model
    from peft.utils import set_peft_model_state_dict

    model = get_peft_model(skeleton(adapters), lora_config(adapters[0][0]), adapter_name="a0")
    for i, (cfg, factors) in enumerate(adapters):
        name = f"a{i}"
        if i > 0:
            model.add_adapter(name, lora_config(cfg))
        state = {}
        for module, (a, b) in factors.items():
            state[f"{PREFIX}{module}.lora_A.weight"] = a
            state[f"{PREFIX}{module}.lora_B.weight"] = b
        result = set_peft_model_state_dict(model, state, adapter_name=name)
        if result is not None and result.unexpected_keys:
            raise SystemExit(f"peft_combine_check: PEFT did not take {result.unexpected_keys[:3]}")
    return model


def lora_layers(model, adapter):
    """(module name, LoRA layer) holding `adapter`, in PEFT's own iteration order."""
    from peft.tuners.lora import LoraLayer

    inner = model.base_model.model
    return [(n, m) for n, m in inner.named_modules() if isinstance(m, LoraLayer) and adapter in m.lora_A]


def mask_sites(model, names, combination_type):
    """The order in which PEFT draws DARE masks: per layer, A's then B's (or the delta weights)."""
    parts = ("delta",) if combination_type in SVD_ROUTE else ("lora_A", "lora_B")
    sites = []
    from peft.tuners.lora import LoraLayer

    for module, layer in model.base_model.model.named_modules():
        if not isinstance(layer, LoraLayer):
            continue
        present = [i for i, n in enumerate(names) if n in layer.lora_A]
        if not present:
            continue
        for part in parts:
            sites.extend(f"{module}.{part}.{i}" for i in present)
    return sites


@contextlib.contextmanager
def bernoulli_from(sites, masks=None, record=None):
    """torch.bernoulli answering from `masks` (site -> 2-D tensor), or recording into `record`."""
    real = torch.bernoulli
    queue = iter(sites)

    def fake(input, *args, **kwargs):
        site = next(queue, None)
        if site is None:
            raise RuntimeError("peft_combine_check: PEFT drew more masks than there are sites")
        if masks is None:
            drawn = real(input, *args, **kwargs)
            record[site] = drawn.reshape(drawn.shape[0], -1).clone()
            return drawn
        if site not in masks:
            raise RuntimeError(f"peft_combine_check: no mask {site} in the mask file")
        m = masks[site]
        if m.numel() != input.numel():
            raise RuntimeError(f"peft_combine_check: mask {site} has {m.numel()} entries, PEFT's tensor {input.numel()}")
        return m.reshape(input.shape).to(input.dtype)

    torch.bernoulli = fake
    try:
        yield
    finally:
        torch.bernoulli = real
    if next(queue, None) is not None:
        raise RuntimeError("peft_combine_check: PEFT drew fewer masks than expected")


@contextlib.contextmanager
def signed_svd():
    """torch.linalg.svd with lorabench's sign convention: each u's largest-magnitude entry positive."""
    real = torch.linalg.svd

    def fixed(a, *args, **kwargs):
        u, s, vh = real(a, *args, **kwargs)
        u, vh = u.clone(), vh.clone()
        for j in range(min(len(s), u.shape[1], vh.shape[0])):
            k = int(np.argmax(np.abs(u[:, j].detach().cpu().numpy())))
            if u[k, j] < 0:
                u[:, j] = -u[:, j]
                vh[j, :] = -vh[j, :]
        return u, s, vh

    torch.linalg.svd = fixed
    try:
        yield
    finally:
        torch.linalg.svd = real


@contextlib.contextmanager
def upstream_fixes(kind, notes):
    """PEFT < 0.19 discards DARE's rescale (torch.div without assignment); use 0.19's random_pruning."""
    import peft
    from peft.utils import merge_utils

    if not kind.startswith("dare") or version_tuple(peft.__version__) >= (0, 19, 0):
        yield
        return
    real = merge_utils.random_pruning

    def random_pruning(tensor, density, rescale):
        mask = torch.bernoulli(torch.full_like(input=tensor, fill_value=density))
        pruned = tensor * mask
        return pruned / density if rescale else pruned

    merge_utils.random_pruning = random_pruning
    notes.append(f"PEFT {peft.__version__}: DARE rescale by 1/density restored (upstream fix #3152, PEFT 0.19)")
    try:
        yield
    finally:
        merge_utils.random_pruning = real


def combine_with_peft(adapters, args, masks=None, record=None, seed=None):
    """PEFT's combination: ({module: delta weight as (out, rest)}, notes, drawn masks)."""
    import peft

    names = [f"a{i}" for i in range(len(adapters))]
    kind = "linear" if len(adapters) == 1 else args.type
    notes = []
    if kind in FACTOR_ROUTE and any(w < 0 for w in args.weights) and version_tuple(peft.__version__) < (0, 18, 0):
        raise UnsupportedByPeft(f"PEFT {peft.__version__} cannot give {kind} negative weights (math domain error);"
                                " PEFT >= 0.18 can (#2811)")
    model = peft_model(adapters)
    random_kind = kind.startswith("dare") and args.density is not None and args.density < 1
    sites = mask_sites(model, names, kind) if random_kind else []
    if random_kind and masks is None and record is None:
        raise SystemExit("peft_combine_check: a dare type needs --masks or --record-masks")
    if seed is not None:
        torch.manual_seed(seed)
    with contextlib.ExitStack() as stack:
        stack.enter_context(upstream_fixes(kind, notes))
        if random_kind:
            stack.enter_context(bernoulli_from(sites, masks=masks, record=record))
        if args.svd_clamp is not None:
            stack.enter_context(signed_svd())
        model.add_weighted_adapter(names, list(args.weights), "combined", combination_type=args.type,
                                   svd_rank=args.svd_rank, svd_clamp=args.svd_clamp, density=args.density,
                                   majority_sign_method=args.majority_sign)
    deltas = {}
    forced = []
    for module, layer in lora_layers(model, "combined"):
        if layer.scaling["combined"] != 1:
            forced.append(f"{module} ({layer.scaling['combined']:g})")
            layer.scaling["combined"] = 1.0
    with strength(model, getattr(args, "scale", None), notes):
        for module, layer in lora_layers(model, "combined"):
            with torch.no_grad():
                d = layer.get_delta_weight("combined")
            deltas[module] = d.reshape(d.shape[0], -1).float()
    if forced:
        notes.append("PEFT set the combined adapter's scaling to other than 1 (use_rslora or rank/alpha patterns"
                     " of the first adapter); set to 1 as upstream fix #3449 does: " + ", ".join(forced))
    return deltas, notes


@contextlib.contextmanager
def strength(model, multiplier, notes):
    """PEFT's rescale_adapter_scale (PEFT >= 0.13); before it, the same multiplication of every scaling."""
    if multiplier is None:
        yield
        return
    try:
        from peft.helpers import rescale_adapter_scale
    except ImportError:
        rescale_adapter_scale = None
    if rescale_adapter_scale is not None:
        with rescale_adapter_scale(model, multiplier):
            yield
        return
    import peft
    from peft.tuners.lora import LoraLayer

    notes.append(f"PEFT {peft.__version__} has no rescale_adapter_scale (0.13+); every scaling multiplied alike")
    layers = [m for m in model.modules() if isinstance(m, LoraLayer)]
    saved = [dict(m.scaling) for m in layers]
    for m in layers:
        m.scaling = {k: v * multiplier for k, v in m.scaling.items()}
    try:
        yield
    finally:
        for m, s in zip(layers, saved):
            m.scaling = s


class UnsupportedByPeft(Exception):
    pass


def lorabench_deltas(folder):
    """{module: s * B @ A as (out, rest)} of a lorabench export."""
    cfg, factors = read_adapter(folder)
    out = {}
    for name, (a, b) in factors.items():
        r = pattern(cfg.get("rank_pattern") or {}, name, cfg["r"])
        alpha = pattern(cfg.get("alpha_pattern") or {}, name, cfg["lora_alpha"])
        scale = alpha / (r ** 0.5) if cfg.get("use_rslora") else alpha / r
        out[name] = (b.reshape(b.shape[0], -1) @ a.reshape(a.shape[0], -1)) * scale
    return out


def write_masks(path, masks):
    from make_torch_fixtures import write_safetensors

    write_safetensors(path, {k: v.float() for k, v in masks.items()}, {})


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("adapters", nargs="+", help="the adapter folders, in the order of --weights")
    p.add_argument("--type", required=True, choices=TYPES, help="PEFT's combination_type")
    p.add_argument("--weights", required=True, type=lambda s: [float(x) for x in s.split(",")],
                   help="comma-separated, one per adapter, any sign")
    p.add_argument("--density", type=float)
    p.add_argument("--svd-rank", type=int)
    p.add_argument("--svd-clamp", type=float)
    p.add_argument("--majority-sign", default="total", choices=("total", "frequency"))
    p.add_argument("--scale", type=float,
                   help="strength multiplier lorabench applied to the result (PEFT's rescale_adapter_scale)")
    p.add_argument("--combined", help="lorabench's combined adapter folder to compare")
    p.add_argument("--masks", help="DARE masks to feed PEFT (default: COMBINED/dare_masks.safetensors)")
    p.add_argument("--record-masks", help="write the DARE masks PEFT draws itself to this file")
    p.add_argument("--seed", type=int, default=0, help="torch seed for --record-masks (default 0)")
    p.add_argument("--tol", type=float, default=1e-4, help="largest accepted absolute difference (default 1e-4)")
    args = p.parse_args(argv)
    if len(args.weights) != len(args.adapters):
        p.error(f"{len(args.adapters)} adapters but {len(args.weights)} weights")
    if args.combined is None and args.record_masks is None:
        p.error("give --combined (to compare) or --record-masks (to record PEFT's masks)")
    return args


def main(argv=None):
    import peft

    args = parse_args(argv)
    adapters = [read_adapter(f) for f in args.adapters]
    masks = record = None
    seed = None
    if args.record_masks:
        record, seed = {}, args.seed
    elif args.type.startswith("dare") and args.combined:
        path = args.masks or os.path.join(args.combined, MASKS)
        if os.path.exists(path):
            masks, _ = read_safetensors(path)
    try:
        peft_deltas, notes = combine_with_peft(adapters, args, masks=masks, record=record, seed=seed)
    except UnsupportedByPeft as e:
        print(f"SKIPPED: {e}")
        return 2
    print(f"PEFT {peft.__version__}, combination_type={args.type}, weights={args.weights}"
          + (f", rescale_adapter_scale {args.scale:g}" if args.scale is not None else ""))
    for n in notes:
        print(f"note: {n}")
    if args.record_masks:
        write_masks(args.record_masks, record)
        print(f"recorded {len(record)} masks PEFT drew with seed {seed} into {args.record_masks}")
    if not args.combined:
        return 0
    ours = lorabench_deltas(args.combined)
    if set(ours) != set(peft_deltas):
        print(f"MISMATCH: lorabench adapts {sorted(ours)}, PEFT {sorted(peft_deltas)}")
        return 1
    worst = 0.0
    for module in sorted(ours):
        diff = (ours[module] - peft_deltas[module]).abs().max().item()
        size = peft_deltas[module].abs().max().item()
        print(f"{module:<24} max |PEFT - lorabench| = {diff:.3e}  (largest |delta| {size:.3e})")
        worst = max(worst, diff)
    ok = worst <= args.tol
    print(f"{'OK' if ok else 'MISMATCH'}: largest difference {worst:.3e} (tolerance {args.tol:g})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
