"""E env servers sharing one mapped file: the machinery under TownVecEnv and TownParallelEnv."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ._locate import default_config, server_command
from ._server import EnvServer
from ._shared import SharedBuffers, new_shared_path
from .errors import TownletError, TownletInputError

PROTOCOL_VERSION = 1


class Bridge:
    """Starts `num_envs` env servers (in parallel), checks they agree on shapes, lays out one shared file for all
    of them (server i owns rows [i × capacity, (i + 1) × capacity) of every buffer) and steps them in lockstep:
    a request goes to every server before any reply is read, so the shards step at the same time."""

    def __init__(
        self,
        config: str | os.PathLike[str] | None,
        agents: int | None,
        seed: int | None,
        num_envs: int,
        workers: int | None = None,
        server_cmd: list[str] | None = None,
    ) -> None:
        if not isinstance(num_envs, int) or num_envs < 1:
            raise TownletInputError(f"num_envs: expected an integer >= 1, found {num_envs!r}")
        config_path = str(config) if config is not None else default_config()
        prefix = server_command(server_cmd)
        self.servers: list[EnvServer] = []
        self.shared: SharedBuffers | None = None
        try:
            for i in range(num_envs):
                server_seed = None if seed is None else int(seed) + i
                self.servers.append(EnvServer(prefix, config_path, agents, server_seed, workers))
            for server in self.servers:
                server.connect()
            specs = self._all({"op": "spec"})
            self.spec: dict[str, Any] = specs[0]
            self._check_specs(specs)
            path = new_shared_path()
            try:
                layouts = [self.servers[i].request({"op": "attach", "path": path, "slot": i, "slots": num_envs})
                           for i in range(num_envs)]
                self.shared = SharedBuffers(path, layouts[0]["layout"])
            finally:
                if os.path.exists(path):
                    os.unlink(path)
        except BaseException:
            self.close()
            raise
        self.num_envs = num_envs
        self.capacity: int = self.spec["capacity"]
        self.obs_dim: int = self.spec["obs_dim"]
        self.n_actions: int = self.spec["n_actions"]
        self.arrays = self.shared.arrays

    def _check_specs(self, specs: list[dict[str, Any]]) -> None:
        if specs[0].get("protocol") != PROTOCOL_VERSION:
            raise TownletError(f"env server speaks protocol {specs[0].get('protocol')}, this package {PROTOCOL_VERSION}")
        keys = ("capacity", "obs_dim", "n_actions", "action_names")
        for i, s in enumerate(specs[1:], start=1):
            if any(s[k] != specs[0][k] for k in keys):
                raise TownletError(f"env server {i} has other shapes than server 0: {[(k, s[k]) for k in keys]}")

    def _all(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        return self.request_each([message] * len(self.servers))

    def request_each(self, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Sends messages[i] to server i (all before any reply is read) and returns the replies in order; the first
        error reply raises once every reply has been read, so the connections stay in step."""
        for server, message in zip(self.servers, messages):
            server.send(message)
        replies: list[dict[str, Any]] = []
        error: BaseException | None = None
        for server in self.servers:
            try:
                replies.append(server.receive())
            except TownletError as err:
                error = error or err
                replies.append({})
        if error is not None:
            raise error
        return replies

    def reset(self, seeds: list[int], hash: bool = False, names: bool = False) -> list[dict[str, Any]]:
        """Resets every server with its seed."""
        return self.request_each([{"op": "reset", "seed": s, "hash": hash, "names": names} for s in seeds])

    def reset_one(self, slot: int, seed: int, hash: bool = False, names: bool = False) -> dict[str, Any]:
        """Resets server `slot` only (autoreset)."""
        return self.servers[slot].request({"op": "reset", "seed": seed, "hash": hash, "names": names})

    def step(self, hash: bool = False, names: bool = False, timing: bool = False) -> list[dict[str, Any]]:
        """Steps every server on the actions already written into the shared `actions` buffer."""
        return self._all({"op": "step", "hash": hash, "names": names, "timing": timing})

    def check_actions(self, actions: Any, rows: int, where: str = "actions") -> np.ndarray:
        """Validates an action array (shape [rows], integer dtype, ids in [0, n_actions)) and returns it as int32.
        Raises TownletInputError (a ValueError) naming the problem; nothing is written or stepped."""
        if not isinstance(actions, np.ndarray):
            raise TownletInputError(f"{where}: expected a numpy int32 array of shape ({rows},), found {type(actions).__name__}")
        if actions.shape != (rows,):
            raise TownletInputError(f"{where}: expected shape ({rows},), found {actions.shape}")
        if actions.dtype.kind not in "iu":
            raise TownletInputError(f"{where}: expected an integer dtype (int32), found {actions.dtype}")
        if rows:
            low, high = int(actions.min()), int(actions.max())
            if low < 0 or high >= self.n_actions:
                bad = int(np.flatnonzero((actions < 0) | (actions >= self.n_actions))[0])
                raise TownletInputError(
                    f"{where}[{bad}]: expected an action id in [0, {self.n_actions - 1}], found {int(actions[bad])}"
                )
        return actions

    def close(self) -> None:
        """Stops every server and unmaps the file."""
        for server in self.servers:
            server.close()
        self.servers = []
        if self.shared is not None:
            self.shared.close()
            self.shared = None
