"""Checkpoints: the model with its provenance (config_id, seed, git commit, data), optionally the trainer state."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from .model import ActorCritic, ModelConfig

FORMAT = "townlet-policy/1"


def save_checkpoint(path: str | os.PathLike[str], model: ActorCritic, meta: dict[str, Any],
                    train_state: dict[str, Any] | None = None) -> Path:
    """Writes a checkpoint atomically (a temporary file, then a rename). `meta` must hold config_id, seed,
    git_commit and data_provenance; `train_state` (optimizer, counters, RNG) makes it resumable."""
    for key in ("kind", "config_id", "seed", "git_commit", "data_provenance", "town"):
        if key not in meta:
            raise ValueError(f"checkpoint meta: missing {key!r}")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": FORMAT, "model_config": model.cfg.to_dict(), "model": model.state_dict(), "meta": meta}
    if train_state is not None:
        payload["train_state"] = train_state
    tmp = out.with_suffix(out.suffix + ".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, out)
    return out


def load_checkpoint(path: str | os.PathLike[str]) -> tuple[ActorCritic, dict[str, Any], dict[str, Any] | None]:
    """Loads a checkpoint: (model in eval mode, meta, train_state or None). A file that is not one raises
    ValueError naming the path."""
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"--checkpoint: expected a checkpoint file, found nothing at {p}")
    try:
        payload = torch.load(p, map_location="cpu", weights_only=False)
    except Exception as err:  # torch raises many kinds for a corrupt file
        raise ValueError(f"--checkpoint {p}: not a readable torch file ({err})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError(f"--checkpoint {p}: expected format {FORMAT!r}")
    model = ActorCritic(ModelConfig(**payload["model_config"]))
    model.load_state_dict(payload["model"])
    model.eval()
    return model, payload["meta"], payload.get("train_state")
