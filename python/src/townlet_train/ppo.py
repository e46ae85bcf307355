"""`ppo`: trains an ActorCritic on a town with PPO, logging NDJSON telemetry and writing release/shadow
checkpoints (docs/TRAINING.md)."""

from __future__ import annotations

import argparse
import csv
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import torch

from townlet_env import TownVecEnv

from .checkpoint import load_checkpoint, save_checkpoint
from .model import ActorCritic, ModelConfig
from .ppo_update import PPOHyper, ppo_update
from .provenance import git_commit, utc_now
from .rollout import RolloutCollector
from .telemetry import TelemetryWriter
from .town import derived_config, town_spec


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The `ppo` subcommand's options."""
    p.add_argument("--config", help="base town YAML (default: configs/town.yaml of the checkout)")
    p.add_argument("--agents", type=int, default=128, help="population of the training town (default 128)")
    p.add_argument("--episode-ticks", type=int, default=1440, help="episode length in ticks (default 1440)")
    p.add_argument("--seed", type=int, default=1, help="seeds torch, the sampler and the env (default 1)")
    p.add_argument("--cycles", type=int, default=100, help="rollout/update cycles (default 100)")
    p.add_argument("--time-budget-min", type=float, default=None, help="stop after this many wall minutes")
    p.add_argument("--rollout-steps", type=int, default=128, help="ticks per rollout (default 128)")
    p.add_argument("--lr", type=float, default=3e-4)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--gamma", type=float, default=PPOHyper.gamma)
    p.add_argument("--lam", type=float, default=PPOHyper.lam)
    p.add_argument("--clip", type=float, default=PPOHyper.clip)
    p.add_argument("--value-clip", type=float, default=PPOHyper.value_clip)
    p.add_argument("--entropy-coef", type=float, default=PPOHyper.entropy_coef)
    p.add_argument("--value-coef", type=float, default=PPOHyper.value_coef)
    p.add_argument("--max-grad-norm", type=float, default=PPOHyper.max_grad_norm)
    p.add_argument("--epochs", type=int, default=PPOHyper.epochs)
    p.add_argument("--minibatches", type=int, default=PPOHyper.minibatches)
    p.add_argument("--out", required=True, help="run folder: checkpoints/release, checkpoints/shadow, logs")
    p.add_argument("--log", help="NDJSON telemetry prefix (default OUT/telemetry.ndjson)")
    p.add_argument("--max-log-entries", type=int, default=1000, help="lines per telemetry file before rotation")
    p.add_argument("--telemetry-version", choices=("1.1", "1.0"), default="1.1")
    p.add_argument("--save-every", type=int, default=10, help="shadow checkpoint every N cycles (default 10)")
    p.add_argument("--resume", help="a shadow checkpoint to continue from (same town and run folder)")
    p.add_argument("--init", help="start from this checkpoint's weights and normalisation (e.g. a BC model)")
    p.add_argument("--bc-guide", help="BC checkpoint whose actions take a share of the rows (the BC→PPO anneal)")
    p.add_argument("--bc-share", type=float, default=0.5, help="initial share of BC actions (default 0.5)")
    p.add_argument("--bc-anneal-cycles", type=int, default=20, help="cycles over which the share falls to 0")
    p.add_argument("--workers", type=int, default=None, help="tensor worker threads of the env server")


def run(args: argparse.Namespace) -> int:
    """Trains; returns the exit code."""
    started = time.monotonic()
    town = town_spec(args.config, args.agents, args.episode_ticks)
    out = Path(args.out)
    config_path = derived_config(town, out)
    hyper = PPOHyper(args.gamma, args.lam, args.clip, args.value_clip, args.entropy_coef, args.value_coef,
                     args.max_grad_norm, args.epochs, args.minibatches)
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    env = TownVecEnv(config=config_path, agents=town.agents, seed=args.seed, num_envs=1, autoreset=True,
                     workers=args.workers)
    try:
        return _train(args, env, town, hyper, gen, out, started)
    finally:
        env.close()


def _train(args: argparse.Namespace, env: TownVecEnv, town: Any, hyper: PPOHyper, gen: torch.Generator,
           out: Path, started: float) -> int:
    resume_state: dict[str, Any] | None = None
    provenance: dict[str, Any] = {"source": "rollout", "town": town.to_dict()}
    if args.resume:
        model, meta, resume_state = load_checkpoint(args.resume)
        if resume_state is None:
            raise ValueError(f"--resume {args.resume}: the checkpoint has no trainer state (not a shadow checkpoint)")
        provenance = meta["data_provenance"]
    elif args.init:
        model, meta, _ = load_checkpoint(args.init)
        provenance["init"] = {"checkpoint": str(args.init), "kind": meta["kind"], "config_id": meta["config_id"],
                              "seed": meta["seed"], "git_commit": meta["git_commit"]}
    else:
        model = ActorCritic(ModelConfig(env.obs_dim, env.n_actions, args.hidden))
    if model.cfg.obs_dim != env.obs_dim or model.cfg.n_actions != env.n_actions:
        raise ValueError(f"checkpoint shape {model.cfg.obs_dim}×{model.cfg.n_actions} does not fit the town "
                         f"({env.obs_dim}×{env.n_actions})")
    model.train()
    guide = None
    if args.bc_guide:
        guide, gmeta, _ = load_checkpoint(args.bc_guide)
        provenance["bc_guide"] = {"checkpoint": str(args.bc_guide), "config_id": gmeta["config_id"],
                                  "seed": gmeta["seed"], "share": args.bc_share, "anneal_cycles": args.bc_anneal_cycles}
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, eps=1e-5)
    cycle = 0
    steps = 0
    updates = 0
    env_seed = args.seed
    if resume_state is not None:
        optimizer.load_state_dict(resume_state["optimizer"])
        cycle, steps, updates = resume_state["cycle"], resume_state["steps"], resume_state["updates"]
        torch.set_rng_state(resume_state["torch_rng"])
        gen.set_state(resume_state["sampler_rng"])
        # A resumed run starts fresh episodes at a seed of its own (the env's mid-episode state is not saved).
        env_seed = args.seed + 1000 * cycle
    log = TelemetryWriter(args.log or out / "telemetry.ndjson", args.max_log_entries, args.telemetry_version,
                          resume=resume_state is not None)
    collector = RolloutCollector(env, env_seed, hyper.gamma, gen)
    progress = _Progress(out, resume_state is not None)
    meta_base = {"kind": "bc_ppo" if (args.bc_guide or args.init) else "ppo", "config_id": env.config_id,
                 "seed": args.seed, "git_commit": git_commit(), "data_provenance": provenance,
                 "town": town.to_dict(), "hyper": asdict(hyper), "lr": args.lr,
                 "observation_spec": env.observation_spec, "action_names": env.action_names}
    budget = None if args.time_budget_min is None else args.time_budget_min * 60.0
    while cycle < args.cycles:
        if budget is not None and time.monotonic() - started > budget:
            break
        t0 = time.monotonic()
        share = args.bc_share * max(0.0, 1.0 - cycle / max(args.bc_anneal_cycles, 1)) if guide else 0.0
        ro = collector.collect(model, args.rollout_steps, guide, share)
        t_env = time.monotonic() - t0
        stats = ppo_update(model, optimizer, ro, hyper, gen)
        model.norm.update(ro.obs.reshape(-1, ro.obs.shape[-1])[ro.valid.reshape(-1)])
        cycle += 1
        steps += args.rollout_steps * env.num_envs
        updates += int(stats["updates"])
        summary = {"epoch": cycle, "updates": updates, "transitions": int(stats["transitions"]), "steps": steps}
        for key in ("loss_policy", "loss_value", "loss_entropy", "loss_total", "clip_fraction", "adv_mean",
                    "adv_std", "grad_norm", "kl_divergence"):
            summary[key] = stats[key]
        summary["lr"] = optimizer.param_groups[0]["lr"]
        summary.update(collector.conflict.summary())
        summary.update({
            "epoch_duration_sec": round(time.monotonic() - t0, 4), "data_mode": "rollout", "cycle_id": cycle,
            "batch_entropy_mean": stats["batch_entropy_mean"], "batch_entropy_std": stats["batch_entropy_std"],
            "grad_norm_max": stats["grad_norm_max"], "kl_divergence_max": stats["kl_divergence_max"],
            "reward_advantage_corr": stats["reward_advantage_corr"], "rollout_ticks": args.rollout_steps,
        })
        log.write(summary)
        wall = time.monotonic() - started
        ret = float(np.mean(ro.episode_returns)) if ro.episode_returns else ""
        progress.writerow([cycle, round(wall, 2), steps * env.capacity, round(stats["reward_mean"], 6), ret,
                           round(share, 4), round(t_env, 3), round(time.monotonic() - t0 - t_env, 3)])
        print(f"cycle {cycle} wall {wall:.0f}s reward/tick {stats['reward_mean']:.4f}"
              + (f" episode R {ret:.2f}" if ret != "" else "") + (f" bc share {share:.2f}" if guide else ""),
              flush=True)
        if cycle % args.save_every == 0:
            _save(out, model, optimizer, gen, meta_base, cycle, steps, updates, release=False)
    _save(out, model, optimizer, gen, meta_base, cycle, steps, updates, release=False)
    path = _save(out, model, optimizer, gen, meta_base, cycle, steps, updates, release=True)
    print(f"release checkpoint {path}", flush=True)
    return 0


class _Progress:
    """OUT/progress.csv: one row per cycle (the learning curve's data), flushed as it goes."""

    HEADER = ["cycle", "wall_sec", "agent_steps", "reward_per_tick", "episode_return", "bc_share", "rollout_sec",
              "update_sec"]

    def __init__(self, out: Path, resume: bool) -> None:
        path = out / "progress.csv"
        fresh = not (resume and path.exists())
        self.file = open(path, "w" if fresh else "a", newline="", encoding="utf-8")
        self.writer = csv.writer(self.file)
        if fresh:
            self.writerow(self.HEADER)

    def writerow(self, row: list[Any]) -> None:
        self.writer.writerow(row)
        self.file.flush()


def _save(out: Path, model: ActorCritic, optimizer: torch.optim.Optimizer, gen: torch.Generator,
          meta_base: dict[str, Any], cycle: int, steps: int, updates: int, release: bool) -> Path:
    """Shadow checkpoints carry the trainer state (resumable); the release checkpoint is the policy alone."""
    meta = dict(meta_base, cycle=cycle, agent_steps=steps, saved_at=utc_now(),
                channel="release" if release else "shadow")
    if release:
        return save_checkpoint(out / "checkpoints" / "release" / "policy.pt", model, meta)
    state = {"optimizer": optimizer.state_dict(), "cycle": cycle, "steps": steps, "updates": updates,
             "torch_rng": torch.get_rng_state(), "sampler_rng": gen.get_state()}
    return save_checkpoint(out / "checkpoints" / "shadow" / "latest.pt", model, meta, state)
