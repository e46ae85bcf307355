"""TownVecEnv: E shards as one batch of agent rows, with gymnasium's vector API."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv

from ._bridge import Bridge
from .errors import TownletError, TownletInputError


class TownVecEnv(VectorEnv):
    """`num_envs` Townlet shards, each served by a `townlet env-server` child, as one batch of
    rows = num_envs × capacity agent slots (row r is slot r % capacity of shard r // capacity).

    `obs, infos = reset(seed=S)` and `obs, rewards, terminations, truncations, infos = step(actions)` with
    `actions` an int32 array [rows]. `obs` is float32 [rows, obs_dim], or with `observations.map_dtype: uint8`
    the dict {"map": uint8 [rows, C, H, W], "features": float32 [rows, F]}; `infos` holds `action_mask` (uint8
    [rows, n_actions]), `alive` (uint8 [rows]), `agent_id` (int32 [rows]) and `episode_tick` (int [num_envs]).
    The arrays are views of the shared memory the servers write: the next step overwrites them; pass
    `copy=True` for copies. A row is a slot: after a termination it is empty (alive 0) until a replacement
    spawns with a new id. Episodes end with a truncation of every live row; then `reset` is explicit, or with
    `autoreset=True` the shard is reset in the same step (infos `autoreset` [num_envs] and `final_obs`).
    Seeds: shard i gets S + i; a reset without a seed (or an autoreset) gives each shard its last seed + num_envs.
    """

    metadata = {"autoreset_mode": AutoresetMode.DISABLED}

    def __init__(
        self,
        config: str | os.PathLike[str] | None = None,
        agents: int | None = None,
        seed: int | None = None,
        num_envs: int = 1,
        autoreset: bool = False,
        copy: bool = False,
        workers: int | None = None,
        server_cmd: list[str] | None = None,
    ) -> None:
        self._bridge = Bridge(config, agents, seed, num_envs, workers, server_cmd)
        b = self._bridge
        self.num_envs = num_envs
        self.capacity = b.capacity
        self.rows = num_envs * b.capacity
        self.obs_dim = b.obs_dim
        self.n_actions = b.n_actions
        self.action_names: list[str] = list(b.spec["action_names"])
        self.observation_spec: dict[str, Any] = b.spec["observation_spec"]
        self.episode_ticks: int = b.spec["episode_ticks"]
        self.config_id: str = b.spec["config_id"]
        self.autoreset = autoreset
        self.copy = copy
        self.metadata = {
            "autoreset_mode": AutoresetMode.SAME_STEP if autoreset else AutoresetMode.DISABLED,
        }
        a = b.arrays
        self._obs: np.ndarray | dict[str, np.ndarray]
        if "obs_map" in a:
            self._obs = {"map": a["obs_map"], "features": a["obs_features"]}
            m, f = a["obs_map"].shape[1:], a["obs_features"].shape[1:]
            self.single_observation_space = spaces.Dict(
                {"map": spaces.Box(0, 255, m, np.uint8), "features": spaces.Box(-np.inf, np.inf, f, np.float32)}
            )
            self.observation_space = spaces.Dict(
                {
                    "map": spaces.Box(0, 255, (self.rows, *m), np.uint8),
                    "features": spaces.Box(-np.inf, np.inf, (self.rows, *f), np.float32),
                }
            )
        else:
            self._obs = a["observations"]
            self.single_observation_space = spaces.Box(-np.inf, np.inf, (self.obs_dim,), np.float32)
            self.observation_space = spaces.Box(-np.inf, np.inf, (self.rows, self.obs_dim), np.float32)
        self.single_action_space = spaces.Discrete(self.n_actions)
        self.action_space = spaces.MultiDiscrete(np.full(self.rows, self.n_actions, dtype=np.int64))
        base = b.spec["seed"] if seed is None else int(seed)
        self._seeds = [base + i for i in range(num_envs)]
        self._started = False
        self._done = np.zeros(num_envs, dtype=bool)
        self._tick = np.zeros(num_envs, dtype=np.int64)
        self._actions = a["actions"]
        self._rewards = a["rewards"]
        self._terminations = a["terminations"].view(np.bool_)
        self._truncations = a["truncations"].view(np.bool_)
        self._mask = a["action_mask"]
        self._alive = a["alive"]
        self._agent_id = a["agent_id"]
        self.last_hashes: list[dict[str, str]] | None = None

    def reset(self, *, seed: int | list[int] | None = None, options: dict[str, Any] | None = None):
        """Resets every shard: shard i with seed + i (or seed[i] for a list; see the class doc for None)."""
        if seed is None:
            seeds = self._seeds if not self._started else [s + self.num_envs for s in self._seeds]
        elif isinstance(seed, (list, tuple)):
            if len(seed) != self.num_envs:
                raise TownletInputError(f"reset(seed): expected {self.num_envs} seeds, found {len(seed)}")
            seeds = [int(s) for s in seed]
        else:
            seeds = [int(seed) + i for i in range(self.num_envs)]
        if any(s < 0 for s in seeds):
            raise TownletInputError(f"reset(seed): expected non-negative seeds, found {seeds}")
        replies = self._bridge.reset(seeds, hash=self._hashing(options))
        self._seeds = seeds
        self._started = True
        self._record(replies)
        return self._observations(), self._infos()

    def step(self, actions: np.ndarray):
        """One tick of every shard on `actions` (int32 [rows]); see the class doc for what comes back."""
        if not self._started:
            raise TownletError("step before reset: call reset() first")
        actions = self._bridge.check_actions(actions, self.rows)
        if self._done.any():
            raise TownletError("the episode is over: call reset() (or create the env with autoreset=True)")
        self._actions[:] = actions
        replies = self._bridge.step(hash=self._hash_steps, timing=self._timing)
        self._record(replies)
        if self._timing:
            self.last_timing = [r["timing"] for r in replies]
        rewards = self._out(self._rewards)
        terminations = self._out(self._terminations)
        truncations = self._out(self._truncations)
        extra: dict[str, Any] = {}
        if self.autoreset and self._done.any():
            rewards, terminations, truncations = rewards.copy(), terminations.copy(), truncations.copy()
            extra = self._autoreset()
        infos = self._infos()
        infos.update(extra)
        return self._observations(), rewards, terminations, truncations, infos

    def _autoreset(self) -> dict[str, Any]:
        """Resets the finished shards in place; returns the infos that say so and keep their final observation."""
        finished = self._done.copy()
        final_obs = self._copy_obs()
        for i in np.flatnonzero(finished):
            self._seeds[i] += self.num_envs
            reply = self._bridge.reset_one(int(i), self._seeds[i], hash=self._hash_steps)
            self._record_one(int(i), reply)
        return {"autoreset": finished, "final_obs": final_obs}

    # Hashes are for tests and audits, timings for benchmarks (docs/BRIDGE.md): reset(options={"hash": True,
    # "timing": True}) turns them on until the next reset.
    _hash_steps = False
    _timing = False
    last_timing: list[dict[str, float]] | None = None

    def _hashing(self, options: dict[str, Any] | None) -> bool:
        self._hash_steps = bool(options and options.get("hash"))
        self._timing = bool(options and options.get("timing"))
        return self._hash_steps

    def _record(self, replies: list[dict[str, Any]]) -> None:
        self.last_hashes = [{} for _ in replies] if self._hash_steps else None
        for i, reply in enumerate(replies):
            self._record_one(i, reply)

    def _record_one(self, i: int, reply: dict[str, Any]) -> None:
        """Notes shard i's tick, done flag and (when hashing) its hashes; an autoreset replaces them."""
        self._done[i] = reply["done"]
        self._tick[i] = reply["tick"]
        if self.last_hashes is not None:
            self.last_hashes[i] = reply["hash"]

    def _out(self, a: np.ndarray) -> np.ndarray:
        return a.copy() if self.copy else a

    def _observations(self) -> np.ndarray | dict[str, np.ndarray]:
        if isinstance(self._obs, dict):
            return {k: self._out(v) for k, v in self._obs.items()}
        return self._out(self._obs)

    def _copy_obs(self) -> np.ndarray | dict[str, np.ndarray]:
        if isinstance(self._obs, dict):
            return {k: v.copy() for k, v in self._obs.items()}
        return self._obs.copy()

    def _infos(self) -> dict[str, Any]:
        return {
            "action_mask": self._out(self._mask),
            "alive": self._out(self._alive),
            "agent_id": self._out(self._agent_id),
            "episode_tick": self._tick.copy(),
        }

    def kpis(self) -> list[dict[str, Any]]:
        """Each shard's run KPIs since its last reset (docs/KPIS.md): charter KPIs, `exits_by_reason`, …."""
        return [r["kpis"] for r in self._bridge.request_each([{"op": "kpis"}] * self.num_envs)]

    def mapped_hashes(self) -> list[str]:
        """The hash of each shard's mapped bytes (the same digest a server reports when it was asked to)."""
        assert self._bridge.shared is not None
        return [self._bridge.shared.slot_hash(i) for i in range(self.num_envs)]

    @property
    def server_pids(self) -> list[int]:
        """Process ids of the env servers (for monitoring and tests)."""
        return [s.pid for s in self._bridge.servers]

    def close(self, **kwargs: Any) -> None:
        """Stops the servers and releases the shared memory."""
        self._bridge.close()
        self.closed = True

    def __del__(self) -> None:
        bridge = getattr(self, "_bridge", None)
        if bridge is not None:
            bridge.close()
