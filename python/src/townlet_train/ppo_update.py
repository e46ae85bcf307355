"""One PPO update over a rollout: clipped surrogate, clipped value loss, entropy bonus, grad-norm clipping,
shuffled minibatches for several epochs. Returns the statistics the telemetry reports."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .gae import compute_gae
from .model import ActorCritic, log_probs_entropy
from .rollout import Rollout
from .stats import pearson
from .timing import StageClock, timed


@dataclass(frozen=True)
class PPOHyper:
    """PPO's hyper-parameters (docs/TRAINING.md lists the defaults)."""

    gamma: float = 0.995
    lam: float = 0.95
    clip: float = 0.2
    value_clip: float = 0.2
    entropy_coef: float = 0.01
    value_coef: float = 0.5
    max_grad_norm: float = 0.5
    epochs: int = 4
    minibatches: int = 4


def ppo_update(model: ActorCritic, optimizer: torch.optim.Optimizer, ro: Rollout, h: PPOHyper,
               generator: torch.Generator, clock: StageClock | None = None) -> dict[str, float | int]:
    """Updates `model` in place from the valid samples of `ro`. `clock` sums the `gae`, `update_forward`
    (network and losses), `update_backward` (gradients and their clipping) and `optimizer` stages."""
    with timed(clock, "gae"):
        adv_all, ret_all = compute_gae(ro.rewards, ro.values, ro.dones, ro.last_values, h.gamma, h.lam)
    valid = ro.valid.reshape(-1)
    obs = ro.obs.reshape(-1, ro.obs.shape[-1])[valid]
    masks = ro.masks.reshape(-1, ro.masks.shape[-1])[valid]
    actions = ro.actions.reshape(-1)[valid]
    old_logp = ro.logp.reshape(-1)[valid]
    old_values = ro.values.reshape(-1)[valid]
    adv = adv_all.reshape(-1)[valid]
    returns = ret_all.reshape(-1)[valid]
    n = int(obs.shape[0])
    stats: dict[str, list[float]] = {k: [] for k in ("lp", "lv", "le", "lt", "clip", "gn", "kl", "ent")}
    size = max(1, n // h.minibatches)
    for _ in range(h.epochs):
        order = torch.randperm(n, generator=generator)
        for start in range(0, n - size + 1 if n >= size else 1, size):
            idx = order[start:start + size]
            if idx.numel() == 0:
                continue
            with timed(clock, "update_forward"):
                logits, value = model(obs[idx], masks[idx])
                logp, entropy = log_probs_entropy(logits, actions[idx])
                a = adv[idx]
                a = (a - a.mean()) / (a.std(unbiased=False) + 1e-8)
                log_ratio = logp - old_logp[idx]
                ratio = log_ratio.exp()
                loss_policy = -torch.min(ratio * a, ratio.clamp(1 - h.clip, 1 + h.clip) * a).mean()
                v_old = old_values[idx]
                v_clipped = v_old + (value - v_old).clamp(-h.value_clip, h.value_clip)
                loss_value = 0.5 * torch.max((value - returns[idx]).pow(2),
                                             (v_clipped - returns[idx]).pow(2)).mean()
                loss_entropy = -entropy.mean()
                loss = loss_policy + h.value_coef * loss_value + h.entropy_coef * loss_entropy
            with timed(clock, "update_backward"):
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), h.max_grad_norm)
            with timed(clock, "optimizer"):
                optimizer.step()
            with torch.no_grad():
                stats["lp"].append(float(loss_policy.detach()))
                stats["lv"].append(float(loss_value.detach()))
                stats["le"].append(float(loss_entropy.detach()))
                stats["lt"].append(float(loss.detach()))
                stats["clip"].append(float(((ratio.detach() - 1).abs() > h.clip).float().mean()))
                stats["gn"].append(float(grad_norm))
                stats["kl"].append(float(((ratio - 1) - log_ratio).mean().detach()))
                stats["ent"].append(float(entropy.mean().detach()))
    raw = ro.raw_rewards.reshape(-1)[valid] if ro.raw_rewards is not None else ro.rewards.reshape(-1)[valid]
    ent = np.asarray(stats["ent"] or [0.0])
    return {
        "updates": len(stats["lp"]),
        "transitions": n,
        "loss_policy": float(np.mean(stats["lp"] or [0.0])),
        "loss_value": float(np.mean(stats["lv"] or [0.0])),
        "loss_entropy": float(np.mean(stats["le"] or [0.0])),
        "loss_total": float(np.mean(stats["lt"] or [0.0])),
        "clip_fraction": float(np.mean(stats["clip"] or [0.0])),
        "adv_mean": float(adv.mean()) if n else 0.0,
        "adv_std": float(adv.std(unbiased=False)) if n else 0.0,
        "grad_norm": float(np.mean(stats["gn"] or [0.0])),
        "grad_norm_max": float(np.max(stats["gn"] or [0.0])),
        "kl_divergence": float(np.mean(stats["kl"] or [0.0])),
        "kl_divergence_max": float(np.max(stats["kl"] or [0.0])),
        "batch_entropy_mean": float(ent.mean()),
        "batch_entropy_std": float(ent.std()),
        "reward_advantage_corr": pearson(raw.numpy(), adv.numpy()) if n else 0.0,
        "reward_mean": float(raw.mean()) if n else 0.0,
    }
