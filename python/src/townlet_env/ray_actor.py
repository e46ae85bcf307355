"""One env server per Ray actor (docs/BRIDGE.md, "Ray"). Ray is optional: `pip install ray` (or the `ray` extra).

    import ray
    from townlet_env.ray_actor import shard_actor_class

    ray.init()
    ShardActor = shard_actor_class()
    shards = [ShardActor.remote(config="configs/town.yaml", agents=1000, seed=s) for s in (1, 2)]
    obs = ray.get([s.reset.remote() for s in shards])

Each actor process owns a TownVecEnv (its `townlet env-server` child is tied to the actor process: when Ray
stops or kills the actor, the server exits and the shared memory goes with it). Arrays cross the actor boundary
as copies (Ray serialises them); keep per-step work inside the actor where it can, e.g. with `rollout`.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class ShardActor:
    """A TownVecEnv inside a Ray actor. Methods return plain numpy arrays and dicts (copies)."""

    def __init__(self, **env_kwargs: Any) -> None:
        from .vec_env import TownVecEnv

        self.env = TownVecEnv(copy=True, **env_kwargs)
        self._mask: np.ndarray | None = None

    def spec(self) -> dict[str, Any]:
        """Shapes and names: rows, obs_dim, n_actions, action_names, server pids."""
        e = self.env
        return dict(rows=e.rows, obs_dim=e.obs_dim, n_actions=e.n_actions, action_names=e.action_names,
                    server_pids=e.server_pids)

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None):
        """env.reset: (obs, infos)."""
        obs, infos = self.env.reset(seed=seed, options=options)
        self._mask = infos["action_mask"]
        return obs, infos

    def step(self, actions: np.ndarray):
        """env.step: (obs, rewards, terminations, truncations, infos)."""
        out = self.env.step(np.asarray(actions))
        self._mask = out[4]["action_mask"]
        return out

    def rollout(self, steps: int, policy_seed: int) -> dict[str, Any]:
        """`steps` steps with actions uniform over each row's mask (numpy Generator seeded by `policy_seed`), run
        inside the actor; returns the actions taken, the summed rewards and the servers' per-step hashes when the
        last reset asked for them."""
        if self._mask is None:
            raise RuntimeError("rollout before reset: call reset first")
        rng = np.random.default_rng(policy_seed)
        taken, hashes, total = [], [], 0.0
        for _ in range(steps):
            actions = (rng.random(self._mask.shape) * self._mask).argmax(axis=1).astype(np.int32)
            taken.append(actions)
            _, rewards, _, _, _ = self.step(actions)
            total += float(rewards.sum())
            hashes.append(self.env.last_hashes)
        return dict(actions=np.stack(taken), reward_sum=total, hashes=hashes)

    def close(self) -> None:
        """Stops the env server."""
        self.env.close()


def shard_actor_class(**actor_options: Any):
    """`ShardActor` as a Ray actor class (`ray.remote(**actor_options)(ShardActor)`); imports ray only here."""
    import ray

    return ray.remote(**actor_options)(ShardActor) if actor_options else ray.remote(ShardActor)
