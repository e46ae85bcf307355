"""Rollout collection on a TownVecEnv (autoreset on): T steps of every row with the current policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from townlet_env import TownVecEnv

from .features import ConflictMeter
from .model import ActorCritic, safe_mask, sample_actions
from .timing import StageClock, timed


@dataclass
class Rollout:
    """[T, rows] tensors of one rollout; `valid` marks rows that held a live agent when they acted."""

    obs: torch.Tensor
    masks: torch.Tensor
    actions: torch.Tensor
    logp: torch.Tensor
    values: torch.Tensor
    rewards: torch.Tensor
    dones: torch.Tensor
    valid: torch.Tensor
    last_values: torch.Tensor
    #: R (summed reward per slot, mean over slots) of every episode that ended during the rollout.
    episode_returns: list[float] = field(default_factory=list)
    #: Raw rewards of valid rows (before any truncation bootstrap), for the telemetry.
    raw_rewards: torch.Tensor | None = None
    bc_actions: int = 0


class RolloutCollector:
    """Steps `env` with a policy and keeps the live state (the last observation, mask and alive flags, the running
    episode sums) between rollouts. `guide` (a BC policy) takes a share of the rows' actions when given."""

    def __init__(self, env: TownVecEnv, seed: int, gamma: float, generator: torch.Generator) -> None:
        self.env = env
        self.gamma = gamma
        self.gen = generator
        self.conflict = ConflictMeter(env.observation_spec)
        obs, infos = env.reset(seed=seed)
        self._take(obs, infos)
        self.episode_sums = np.zeros(env.num_envs, dtype=np.float64)

    def _take(self, obs: np.ndarray, infos: dict[str, Any]) -> None:
        self.obs = np.array(obs, dtype=np.float32, copy=True)
        self.mask = np.array(infos["action_mask"], copy=True)
        self.alive = np.array(infos["alive"], copy=True)

    @torch.no_grad()
    def collect(self, model: ActorCritic, steps: int, guide: ActorCritic | None = None,
                guide_share: float = 0.0, clock: StageClock | None = None) -> Rollout:
        """Runs `steps` ticks; rewards of rows truncated by an episode's end get γ·V(final observation) added, so
        the cut is not mistaken for a terminal state. `clock` sums the `env` (step over the bridge) and
        `rollout_forward` (policy forward and sampling) stages."""
        env = self.env
        rows, cap = env.rows, env.capacity
        buf = {k: [] for k in ("obs", "masks", "actions", "logp", "values", "rewards", "dones", "valid", "raw")}
        returns: list[float] = []
        bc_count = 0
        for _ in range(steps):
            obs_t = torch.from_numpy(self.obs)
            mask_t = safe_mask(torch.from_numpy(self.mask))
            with timed(clock, "rollout_forward"):
                logits, values = model(obs_t, mask_t)
                actions = sample_actions(logits, self.gen)
                if guide is not None and guide_share > 0:
                    chosen = torch.rand(rows, generator=self.gen) < guide_share
                    if bool(chosen.any()):
                        g_logits, _ = guide(obs_t[chosen], mask_t[chosen])
                        actions[chosen] = sample_actions(g_logits, self.gen)
                        bc_count += int(chosen.sum())
                logp = torch.log_softmax(logits, dim=-1).gather(1, actions.unsqueeze(1)).squeeze(1)
            valid = torch.from_numpy(self.alive.astype(bool))
            self.conflict.add(self.obs, self.alive)
            with timed(clock, "env"):
                obs, rew, term, trunc, infos = env.step(actions.numpy().astype(np.int32))
            rew = np.array(rew, dtype=np.float32, copy=True)
            raw = rew.copy()
            done = np.logical_or(term, trunc).astype(np.float32)
            self.episode_sums += rew.reshape(env.num_envs, cap).sum(axis=1)
            if "autoreset" in infos:
                finished = np.asarray(infos["autoreset"], dtype=bool)
                final = torch.from_numpy(np.asarray(infos["final_obs"], dtype=np.float32))
                _, final_v = model(final, torch.ones(rows, env.n_actions, dtype=torch.uint8))
                cut = np.asarray(trunc, dtype=bool) & ~np.asarray(term, dtype=bool)
                rew += (self.gamma * final_v.numpy() * cut).astype(np.float32)
                for i in np.flatnonzero(finished):
                    returns.append(float(self.episode_sums[i] / cap))
                    self.episode_sums[i] = 0.0
            # A row that was empty cannot carry value into the step before it: treat it as ended too.
            done = np.maximum(done, (~valid.numpy()).astype(np.float32))
            for k, v in (("obs", obs_t), ("masks", mask_t), ("actions", actions), ("logp", logp),
                         ("values", values), ("rewards", torch.from_numpy(rew)), ("dones", torch.from_numpy(done)),
                         ("valid", valid), ("raw", torch.from_numpy(raw))):
                buf[k].append(v)
            self._take(obs, infos)
        _, last_values = model(torch.from_numpy(self.obs), safe_mask(torch.from_numpy(self.mask)))
        st = {k: torch.stack(v) for k, v in buf.items()}
        return Rollout(st["obs"], st["masks"], st["actions"], st["logp"], st["values"], st["rewards"], st["dones"],
                       st["valid"], last_values, returns, st["raw"], bc_count)
