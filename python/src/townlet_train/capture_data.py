"""Reads `townlet capture` folders into flat behaviour-cloning samples."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass
class CaptureData:
    """Samples of live agents whose recorded action their mask allowed, with discounted returns for the value
    head; `manifests` are the captures' manifest.json contents (config_id, seed, …)."""

    obs: np.ndarray
    masks: np.ndarray
    actions: np.ndarray
    returns: np.ndarray
    rewards: np.ndarray
    agents: int
    dropped_masked: int
    manifests: list[dict[str, Any]] = field(default_factory=list)


def discounted_returns(rewards: np.ndarray, ends: np.ndarray, gamma: float) -> np.ndarray:
    """Per column, the discounted sum of rewards to the end of the life (`ends[t]` = a life ended in t)."""
    out = np.zeros_like(rewards, dtype=np.float32)
    running = np.zeros(rewards.shape[1], dtype=np.float32)
    for t in range(rewards.shape[0] - 1, -1, -1):
        running = rewards[t] + gamma * running * (1.0 - ends[t])
        out[t] = running
    return out


def load_captures(folders: list[str], gamma: float) -> CaptureData:
    """Loads and concatenates capture folders. A folder without a townlet capture manifest raises ValueError."""
    parts: list[tuple[np.ndarray, ...]] = []
    manifests: list[dict[str, Any]] = []
    dropped = 0
    agents = 0
    for folder in folders:
        path = Path(folder)
        man_path = path / "manifest.json"
        if not man_path.is_file():
            raise ValueError(f"--capture {folder}: expected a `townlet capture` folder with manifest.json")
        manifest = json.loads(man_path.read_text(encoding="utf-8"))
        if manifest.get("format") != "townlet-capture":
            raise ValueError(f"--capture {folder}: manifest.json is not a townlet capture manifest")
        manifests.append(manifest)
        obs = np.load(path / "observations.npy", mmap_mode="r")
        masks = np.load(path / "action_masks.npy")
        actions = np.load(path / "actions.npy")
        rewards = np.load(path / "rewards.npy").astype(np.float32)
        ends = np.load(path / "terminations.npy").astype(np.float32)
        returns = discounted_returns(rewards, ends, gamma)
        live = masks.sum(axis=2) > 0
        allowed = np.take_along_axis(masks, actions[..., None].astype(np.int64), axis=2)[..., 0] > 0
        keep = live & allowed
        dropped += int((live & ~allowed).sum())
        agents += int(actions.shape[1])
        parts.append((np.asarray(obs[keep], dtype=np.float32), masks[keep], actions[keep].astype(np.int64),
                      returns[keep], rewards[keep]))
    cat = [np.concatenate([p[i] for p in parts]) for i in range(5)]
    return CaptureData(cat[0], cat[1], cat[2], cat[3], cat[4], agents, dropped, manifests)
