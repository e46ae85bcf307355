"""`bc`: behaviour cloning of the scripted policy from `townlet capture` rollouts (cross-entropy on masked logits,
plus the value head regressed on the capture's discounted returns so PPO can start from the result)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch

from .capture_data import load_captures
from .checkpoint import save_checkpoint
from .model import ActorCritic, ModelConfig, log_probs_entropy
from .provenance import git_commit, utc_now
from .telemetry import TelemetryWriter
from .town import town_spec


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The `bc` subcommand's options."""
    p.add_argument("--capture", action="append", required=True, help="a `townlet capture` folder (repeatable)")
    p.add_argument("--out", required=True, help="run folder (checkpoints/release/policy.pt, telemetry)")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=1024)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--value-coef", type=float, default=0.5)
    p.add_argument("--rare-weight", type=float, default=0.0,
                   help="weight each action's cross-entropy by (its share of the samples ÷ the largest share) to the "
                        "power −this (0: unweighted; 0.5: rare actions such as moves and eat count more)")
    p.add_argument("--weight-decay", type=float, default=0.0, help="AdamW weight decay (0: Adam)")
    p.add_argument("--gamma", type=float, default=0.995, help="discount of the value targets (PPO's default)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--agents", type=int, default=128, help="population of the captured town (recorded)")
    p.add_argument("--episode-ticks", type=int, default=1440, help="episode length the policy is for (recorded)")
    p.add_argument("--config", help="base town YAML the capture ran (recorded; default configs/town.yaml)")
    p.add_argument("--log", help="NDJSON telemetry prefix (default OUT/telemetry.ndjson)")
    p.add_argument("--max-log-entries", type=int, default=1000)
    p.add_argument("--telemetry-version", choices=("1.1", "1.0"), default="1.1")


def rare_action_weights(actions: np.ndarray, n_actions: int, power: float) -> torch.Tensor:
    """Per action, (its share of `actions` ÷ the most common action's share) ** −power; an action never taken
    gets weight 1 (it never appears in the loss). power 0 gives all ones."""
    counts = np.bincount(actions, minlength=n_actions).astype(np.float64)
    rel = np.where(counts > 0, counts / max(counts.max(), 1.0), 1.0)
    return torch.from_numpy(rel ** -power).to(torch.float32)


def run(args: argparse.Namespace) -> int:
    """Trains and writes OUT/checkpoints/release/policy.pt; prints each epoch's loss and held-out accuracy."""
    for name in ("rare_weight", "weight_decay"):
        if not getattr(args, name) >= 0:
            raise ValueError(f"--{name.replace('_', '-')}: expected a number >= 0, found {getattr(args, name)}")
    torch.manual_seed(args.seed)
    town = town_spec(args.config, args.agents, args.episode_ticks)
    data = load_captures(args.capture, args.gamma)
    n = data.obs.shape[0]
    if n < 2:
        raise ValueError(f"--capture: expected live samples, found {n}")
    rng = np.random.default_rng(args.seed)
    order = rng.permutation(n)
    held = order[: max(1, n // 10)]
    train = order[max(1, n // 10):]
    obs = torch.from_numpy(data.obs)
    masks = torch.from_numpy(data.masks)
    actions = torch.from_numpy(data.actions)
    returns = torch.from_numpy(data.returns)
    model = ActorCritic(ModelConfig(obs.shape[1], masks.shape[1], args.hidden))
    model.norm.update(obs[torch.from_numpy(train)])
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    class_weight = rare_action_weights(data.actions[train], masks.shape[1], args.rare_weight)
    out = Path(args.out)
    log = TelemetryWriter(args.log or out / "telemetry.ndjson", args.max_log_entries, args.telemetry_version)
    baseline = {"baseline_sample_count": int(n), "baseline_reward_mean": float(data.rewards.mean()),
                "baseline_reward_sum": float(data.rewards.sum()),
                "baseline_reward_sum_mean": float(data.rewards.sum() / max(data.agents, 1))}
    gen = torch.Generator().manual_seed(args.seed)
    updates = 0
    for epoch in range(1, args.epochs + 1):
        t0 = time.monotonic()
        perm = torch.from_numpy(train)[torch.randperm(len(train), generator=gen)]
        losses: dict[str, list[float]] = {k: [] for k in ("ce", "v", "ent", "tot", "gn")}
        model.train()
        for start in range(0, len(perm), args.batch_size):
            idx = perm[start:start + args.batch_size]
            logits, value = model(obs[idx], masks[idx])
            logp, entropy = log_probs_entropy(logits, actions[idx])
            w = class_weight[actions[idx]]
            ce = -(w * logp).sum() / w.sum()
            lv = 0.5 * (value - returns[idx]).pow(2).mean()
            loss = ce + args.value_coef * lv
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            updates += 1
            for k, v in (("ce", ce), ("v", lv), ("ent", entropy.mean()), ("tot", loss), ("gn", gn)):
                losses[k].append(float(v.detach()))
        model.eval()
        with torch.no_grad():
            h = torch.from_numpy(held)
            logits, _ = model(obs[h], masks[h])
            acc = float((logits.argmax(dim=1) == actions[h]).float().mean())
            held_lp, _ = log_probs_entropy(logits, actions[h])
        ent = np.asarray(losses["ent"])
        line = {"epoch": epoch, "updates": updates, "transitions": int(len(train)), "steps": epoch * len(train),
                "loss_policy": float(np.mean(losses["ce"])), "loss_value": float(np.mean(losses["v"])),
                "loss_entropy": -float(ent.mean()), "loss_total": float(np.mean(losses["tot"])),
                "clip_fraction": 0.0, "adv_mean": 0.0, "adv_std": 0.0, "grad_norm": float(np.mean(losses["gn"])),
                "kl_divergence": 0.0, "lr": args.lr,
                "conflict.rivalry_max_mean_avg": 0.0, "conflict.rivalry_max_max_avg": 0.0,
                "conflict.rivalry_avoid_count_mean_avg": 0.0, "conflict.rivalry_avoid_count_max_avg": 0.0,
                "epoch_duration_sec": round(time.monotonic() - t0, 4), "data_mode": "replay", "cycle_id": epoch,
                "batch_entropy_mean": float(ent.mean()), "batch_entropy_std": float(ent.std()),
                "grad_norm_max": float(np.max(losses["gn"])), "kl_divergence_max": 0.0,
                "reward_advantage_corr": 0.0, "rollout_ticks": 0, **baseline,
                "baseline_log_prob_mean": float(held_lp.mean())}
        log.write(line)
        print(f"epoch {epoch} loss {line['loss_policy']:.4f} held-out accuracy {acc:.3f}", flush=True)
    manifests = [{"config_id": m["config_id"], "seed": m["seed"], "ticks": m["ticks"],
                  "recorded_agents": m["recorded_agents"], "capacity": m["capacity"]} for m in data.manifests]
    meta = {"kind": "bc", "config_id": data.manifests[0]["config_id"], "seed": args.seed, "git_commit": git_commit(),
            "data_provenance": {"source": "townlet capture (scripted policy)", "captures": [str(c) for c in args.capture],
                                "manifests": manifests, "samples": int(n), "dropped_masked_actions": data.dropped_masked},
            "town": town.to_dict(), "saved_at": utc_now(), "channel": "release",
            "hyper": {"epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr, "hidden": args.hidden,
                      "value_coef": args.value_coef, "gamma": args.gamma, "rare_weight": args.rare_weight,
                      "weight_decay": args.weight_decay},
            "observation_spec": data.manifests[0]["observation_spec"], "action_names": data.manifests[0]["action_names"]}
    path = save_checkpoint(out / "checkpoints" / "release" / "policy.pt", model, meta)
    print(f"release checkpoint {path}", flush=True)
    return 0
