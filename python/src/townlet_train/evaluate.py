"""`eval`: a checkpoint's return, faints and charter KPIs on held-out seeds, beside the random and scripted
baselines of the same town (`townlet baselines`)."""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from typing import Any

import numpy as np
import torch

from townlet_env import TownVecEnv
from townlet_env._locate import server_command

from .checkpoint import load_checkpoint
from .model import ActorCritic, safe_mask, sample_actions
from .stats import ci95
from .town import TownSpec, derived_config, town_spec

CHARTER_KPIS = ("self_sufficiency", "tenure_days_mean", "relationship_coverage", "income_spend_ratio")


def parse_seeds(text: str) -> list[int]:
    """`A-B` (inclusive) or one seed."""
    try:
        if "-" in text:
            a, b = (int(x) for x in text.split("-", 1))
        else:
            a = b = int(text)
    except ValueError:
        raise ValueError(f"--seeds: expected A-B or one integer, found {text!r}") from None
    if a < 0 or b < a:
        raise ValueError(f"--seeds: expected 0 <= A <= B, found {text!r}")
    return list(range(a, b + 1))


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The `eval` subcommand's options."""
    p.add_argument("--checkpoint", required=True, action="append", help="a policy checkpoint (repeatable)")
    p.add_argument("--seeds", default="100-107", help="inclusive range A-B or one seed (default 100-107)")
    p.add_argument("--agents", type=int, help="override the checkpoint's training population")
    p.add_argument("--episode-ticks", type=int, help="override the checkpoint's episode length")
    p.add_argument("--config", help="override the checkpoint's base config")
    p.add_argument("--baselines", action="store_true", help="also run random (uniform over the mask) and scripted")
    p.add_argument("--greedy", action="store_true", help="take the most likely action instead of sampling")
    p.add_argument("--json", action="store_true", help="one JSON line per policy")


def policy_episode(model: ActorCritic, env: TownVecEnv, seed: int, greedy: bool) -> dict[str, Any]:
    """One episode of `model` on `env` (reset with `seed`): R (summed reward per slot, mean over slots), faints and
    the charter KPIs at its end. Sampling is seeded by `seed`."""
    gen = torch.Generator().manual_seed(seed)
    obs, infos = env.reset(seed=seed)
    total = 0.0
    done = False
    with torch.no_grad():
        while not done:
            mask = safe_mask(torch.from_numpy(np.array(infos["action_mask"])))
            logits, _ = model(torch.from_numpy(np.array(obs, dtype=np.float32)), mask)
            actions = logits.argmax(dim=1) if greedy else sample_actions(logits, gen)
            obs, rewards, _, truncations, infos = env.step(actions.numpy().astype(np.int32))
            total += float(np.asarray(rewards, dtype=np.float64).sum())
            done = int(infos["episode_tick"][0]) >= env.episode_ticks
    kpis = env.kpis()[0]
    return {"return": total / env.rows, "faints": int(kpis["exits_by_reason"]["faint"]),
            "kpis": {k: kpis.get(k) for k in CHARTER_KPIS}}


def summarise(policy: str, seeds: list[int], episodes: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON line of one policy: means over seeds (KPIs averaged over seeds where defined)."""
    returns = [e["return"] for e in episodes]
    kpis: dict[str, float | None] = {}
    for k in CHARTER_KPIS:
        vals = [e["kpis"][k] for e in episodes if e["kpis"][k] is not None]
        kpis[k] = float(np.mean(vals)) if vals else None
    return {"policy": policy, "seeds": seeds, "return_mean": float(np.mean(returns)), "return_ci95": ci95(returns),
            "faints": float(np.mean([e["faints"] for e in episodes])), "kpis": kpis, "returns": returns}


def evaluate_checkpoint(path: str, town: TownSpec, seeds: list[int], greedy: bool) -> dict[str, Any]:
    """Runs a checkpoint on every seed of `town`."""
    model, meta, _ = load_checkpoint(path)
    with tempfile.TemporaryDirectory(prefix="townlet-eval-") as tmp:
        env = TownVecEnv(config=derived_config(town, tmp), agents=town.agents, seed=seeds[0])
        try:
            if env.obs_dim != model.cfg.obs_dim or env.n_actions != model.cfg.n_actions:
                raise ValueError(f"--checkpoint {path}: its shape {model.cfg.obs_dim}×{model.cfg.n_actions} does "
                                 f"not fit the town ({env.obs_dim}×{env.n_actions})")
            episodes = [policy_episode(model, env, s, greedy) for s in seeds]
        finally:
            env.close()
    return summarise(str(path), seeds, episodes)


def run_baselines(town: TownSpec, seeds: list[int]) -> list[dict[str, Any]]:
    """`townlet baselines --policies uniform,scripted --json` on the same town and seeds; uniform is reported as
    `random` (uniform over the mask)."""
    with tempfile.TemporaryDirectory(prefix="townlet-eval-") as tmp:
        cmd = [*server_command(), "baselines", "--config", derived_config(town, tmp), "--agents", str(town.agents),
               "--ticks", str(town.episode_ticks), "--seeds", f"{seeds[0]}-{seeds[-1]}",
               "--policies", "uniform,scripted", "--json"]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"townlet baselines failed ({done.returncode}): {done.stderr.strip()}")
    rows = []
    for line in done.stdout.splitlines():
        if not line.strip().startswith("{"):
            continue
        r = json.loads(line)
        rows.append({"policy": "random" if r["policy"] == "uniform" else r["policy"], "seeds": r["seeds"],
                     "return_mean": r["return_mean"], "return_ci95": r["return_ci95"], "faints": r["faints"],
                     "kpis": r["kpis"], "returns": r["returns"]})
    return rows


def run(args: argparse.Namespace) -> int:
    """Evaluates; prints a table or JSON lines."""
    seeds = parse_seeds(args.seeds)
    results: list[dict[str, Any]] = []
    town: TownSpec | None = None
    for path in args.checkpoint:
        _, meta, _ = load_checkpoint(path)
        t = meta["town"]
        town = town_spec(args.config or t["config"], args.agents or t["agents"],
                         args.episode_ticks or t["episode_ticks"])
        results.append(evaluate_checkpoint(path, town, seeds, args.greedy))
    if args.baselines and town is not None:
        results.extend(run_baselines(town, seeds))
    for r in results:
        if args.json:
            print(json.dumps(r), flush=True)
        else:
            ci = "—" if r["return_ci95"] is None else f"{r['return_ci95']:.2f}"
            k = r["kpis"]
            print(f"{r['policy']}: R {r['return_mean']:.2f} ± {ci}  faints {r['faints']:.1f}  "
                  + "  ".join(f"{name} {'—' if v is None else f'{v:.2f}'}" for name, v in k.items()), flush=True)
    return 0
