"""`export`: a checkpoint as ONNX with a fixed signature, checked against torch with onnxruntime.

Signature (docs/TRAINING.md "ONNX"): inputs `observations` float32 [batch, obs_dim] and `action_mask` uint8
[batch, n_actions]; outputs `logits` float32 [batch, n_actions] (masked: −1e9 where the mask is 0) and `value`
float32 [batch]. The batch dimension is dynamic; observation normalisation is inside the graph.
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch

from .checkpoint import load_checkpoint
from .model import ActorCritic

INPUTS = ("observations", "action_mask")
OUTPUTS = ("logits", "value")
OPSET = 17


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The `export` subcommand's options."""
    p.add_argument("--checkpoint", required=True, help="a policy checkpoint")
    p.add_argument("--out", help="the .onnx file (default: the checkpoint's path with .onnx)")
    p.add_argument("--check-batch", type=int, default=64, help="rows of the parity check (default 64)")


def export_onnx(model: ActorCritic, out: str | Path, meta: dict[str, Any] | None = None) -> Path:
    """Writes the ONNX graph of `model` (and the checkpoint's provenance as metadata properties)."""
    import onnx

    model.eval()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    obs = torch.zeros(2, model.cfg.obs_dim)
    mask = torch.ones(2, model.cfg.n_actions, dtype=torch.uint8)
    axes = {name: {0: "batch"} for name in (*INPUTS, *OUTPUTS)}
    with warnings.catch_warnings():
        # The TorchScript exporter (dynamo=False) needs no onnxscript; torch flags it as legacy.
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(model, (obs, mask), str(out), input_names=list(INPUTS), output_names=list(OUTPUTS),
                          dynamic_axes=axes, opset_version=OPSET, dynamo=False)
    graph = onnx.load(str(out))
    props = {"townlet_signature": "observations,action_mask->logits,value"}
    if meta:
        for key in ("kind", "config_id", "seed", "git_commit"):
            props[f"townlet_{key}"] = str(meta.get(key))
        props["townlet_town"] = json.dumps(meta.get("town"))
    for key, value in props.items():
        entry = graph.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(graph, str(out))
    return out


def parity(model: ActorCritic, path: str | Path, batch: int, seed: int = 0) -> float:
    """Max abs difference between torch and onnxruntime on one random batch (observations at the scale of real
    ones, a random mask with action 0 always allowed)."""
    import onnxruntime as ort

    rng = np.random.default_rng(seed)
    obs = rng.normal(size=(batch, model.cfg.obs_dim)).astype(np.float32)
    mask = (rng.random((batch, model.cfg.n_actions)) < 0.5).astype(np.uint8)
    mask[:, 0] = 1
    with torch.no_grad():
        t_logits, t_value = model(torch.from_numpy(obs), torch.from_numpy(mask))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    o_logits, o_value = session.run(list(OUTPUTS), {"observations": obs, "action_mask": mask})
    return float(max(np.abs(o_logits - t_logits.numpy()).max(), np.abs(o_value - t_value.numpy()).max()))


def run(args: argparse.Namespace) -> int:
    """Exports and checks parity (exit 1 above 1e-5)."""
    model, meta, _ = load_checkpoint(args.checkpoint)
    out = Path(args.out) if args.out else Path(args.checkpoint).with_suffix(".onnx")
    export_onnx(model, out, meta)
    diff = parity(model, out, args.check_batch)
    print(f"wrote {out}; onnxruntime vs torch max abs diff {diff:.3g} on {args.check_batch} rows", flush=True)
    return 0 if diff <= 1e-5 else 1
