"""TownParallelEnv: one shard as a PettingZoo ParallelEnv."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import ParallelEnv

from ._bridge import Bridge
from .errors import TownletError, TownletInputError


class TownParallelEnv(ParallelEnv):
    """One Townlet shard (one `townlet env-server` child) as a PettingZoo ParallelEnv.

    Agent ids are the shard's life ids (`agent-7`, and `agent-7#1` for the life that replaces it). `agents` are
    the live ones; an agent that terminates (faints, is evicted) or is truncated (the episode's end) leaves
    `agents` after that step, and a replacement joins when it spawns, so `possible_agents` grows as lives begin
    (the set is open-ended). Observations (float32 [obs_dim]) and `infos[id]["action_mask"]` (uint8 [n_actions])
    are copies the caller may keep. Actions: {id: action id}; a missing live agent does noop; an id that is not
    live, or an action outside [0, n_actions), raises ValueError and nothing is stepped.
    """

    metadata = {"name": "townlet_v0", "render_modes": []}

    def __init__(
        self,
        config: str | os.PathLike[str] | None = None,
        agents: int | None = None,
        seed: int | None = None,
        workers: int | None = None,
        server_cmd: list[str] | None = None,
    ) -> None:
        self._bridge = Bridge(config, agents, seed, 1, workers, server_cmd)
        b = self._bridge
        self.capacity = b.capacity
        self.n_actions = b.n_actions
        self.action_names: list[str] = list(b.spec["action_names"])
        self._seed = b.spec["seed"] if seed is None else int(seed)
        self._started = False
        self._obs_space = spaces.Box(-np.inf, np.inf, (b.obs_dim,), np.float32)
        self._action_spaces: dict[str, spaces.Discrete] = {}
        self.agents: list[str] = []
        self.possible_agents: list[str] = []
        self._row: dict[str, int] = {}
        self._done = False
        a = b.arrays
        if "observations" not in a:
            self._bridge.close()
            raise TownletInputError(
                "TownParallelEnv: observations.map_dtype: expected float32 (per-agent float32 rows), found uint8"
            )
        self._obs, self._mask, self._rewards = a["observations"], a["action_mask"], a["rewards"]
        self._terminations, self._truncations = a["terminations"], a["truncations"]
        self._actions = a["actions"]
        self._action_buffer = np.zeros(self.capacity, dtype=np.int32)

    def observation_space(self, agent: str) -> spaces.Box:
        """Box(-inf, inf, (obs_dim,), float32): the same object for every agent and call."""
        return self._obs_space

    def action_space(self, agent: str) -> spaces.Discrete:
        """Discrete(n_actions), one object per agent (so seeding an agent's space seeds only it)."""
        space = self._action_spaces.get(agent)
        if space is None:
            space = self._action_spaces[agent] = spaces.Discrete(self.n_actions)
        return space

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None):
        """Starts an episode (a fresh shard built with `seed`; without one, the last seed + 1)."""
        if seed is not None:
            self._seed = int(seed)
        elif self._started:
            self._seed += 1
        if self._seed < 0:
            raise TownletInputError(f"reset(seed): expected a non-negative integer, found {self._seed}")
        reply = self._bridge.reset([self._seed], names=True)[0]
        self._started = True
        self._done = reply["done"]
        self.agents, self.possible_agents, self._row = [], [], {}
        self._action_spaces = {}
        observations: dict[str, np.ndarray] = {}
        infos: dict[str, dict[str, Any]] = {}
        self._admit(reply["spawned"], observations, infos, None)
        return observations, infos

    def step(self, actions: dict[str, Any]):
        """One tick with an action per live agent; returns the five dicts of the ParallelEnv API."""
        if not self._started:
            raise TownletError("step before reset: call reset() first")
        if self._done:
            raise TownletError("the episode is over: call reset()")
        buf = self._action_buffer
        buf.fill(0)
        for agent, action in actions.items():
            row = self._row.get(agent)
            if row is None:
                raise TownletInputError(f"step(actions)[{agent!r}]: expected the id of a live agent (env.agents), found {agent!r}")
            if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
                raise TownletInputError(f"step(actions)[{agent!r}]: expected an integer action id, found {action!r}")
            if not 0 <= int(action) < self.n_actions:
                raise TownletInputError(
                    f"step(actions)[{agent!r}]: expected an action id in [0, {self.n_actions - 1}], found {action}"
                )
            buf[row] = action
        self._actions[:] = buf
        reply = self._bridge.step(names=True)[0]
        self._done = reply["done"]
        acting = self.agents
        rows = np.fromiter((self._row[a] for a in acting), dtype=np.intp, count=len(acting))
        obs = self._obs[rows]  # fancy indexing copies: the caller may keep these
        masks = self._mask[rows]
        rewards = self._rewards[rows].tolist()
        terms = (self._terminations[rows] == 1).tolist()
        truncs = (self._truncations[rows] == 1).tolist()
        observations = dict(zip(acting, obs))
        infos = {a: {"action_mask": m} for a, m in zip(acting, masks)}
        rew = dict(zip(acting, rewards))
        terminations = dict(zip(acting, terms))
        truncations = dict(zip(acting, truncs))
        still: list[str] = []
        for a, t, u in zip(acting, terms, truncs):
            if t or u:
                del self._row[a]
            else:
                still.append(a)
        self.agents = still
        if not self._done:
            self._admit(reply["spawned"], observations, infos, (rew, terminations, truncations))
        return observations, rew, terminations, truncations, infos

    def _admit(self, spawned, observations, infos, flags) -> None:
        """Agents new since the last report join `agents` and `possible_agents`, with a first observation."""
        if not spawned:
            return
        rows = np.array([row for row, _ in spawned], dtype=np.intp)
        obs, masks = self._obs[rows], self._mask[rows]
        for k, (row, agent) in enumerate(spawned):
            self._row[agent] = row
            self.agents.append(agent)
            self.possible_agents.append(agent)
            observations[agent] = obs[k]
            infos[agent] = {"action_mask": masks[k]}
            if flags is not None:
                flags[0][agent], flags[1][agent], flags[2][agent] = 0.0, False, False

    @property
    def server_pids(self) -> list[int]:
        """Process id of the env server."""
        return [s.pid for s in self._bridge.servers]

    def close(self) -> None:
        """Stops the server and releases the shared memory."""
        self._bridge.close()

    def __del__(self) -> None:
        bridge = getattr(self, "_bridge", None)
        if bridge is not None:
            bridge.close()
