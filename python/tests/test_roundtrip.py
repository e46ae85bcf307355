"""The bridge round trip equals the in-process TypeScript env byte for byte.

For generated cases (seed, shard count, town, action policy, length) the bridge steps with hashes on; every
step, the hash of the bytes Python mapped must equal the hash the server reports for what it wrote, and a
TypeScript replay of the same actions on an in-process TownEnv must give the same world and tensor hashes.
"""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest

from conftest import REPO
from townlet_env import TownVecEnv

POLICIES = ("uniform_all", "uniform_mask", "mostly_noop")


def choose(policy: str, rng: np.random.Generator, mask: np.ndarray, n_actions: int) -> np.ndarray:
    """Actions for every row: any id (invalid ones included), uniform over the mask, or noop with rare moves."""
    rows = mask.shape[0]
    if policy == "uniform_all":
        return rng.integers(0, n_actions, rows, dtype=np.int32)
    if policy == "uniform_mask":
        scores = rng.random(mask.shape) * mask
        return scores.argmax(axis=1).astype(np.int32)
    out = np.zeros(rows, dtype=np.int32)
    moving = rng.random(rows) < 0.1
    out[moving] = rng.integers(1, 5, int(moving.sum()), dtype=np.int32)
    return out


def generated_cases(count: int, master_seed: int = 2026) -> list:
    rng = np.random.default_rng(master_seed)
    cases = []
    for k in range(count):
        cases.append(pytest.param(
            dict(
                seed=int(rng.integers(0, 2**31)),
                num_envs=int(rng.integers(1, 3)),
                town=("small", "churn")[k % 2],
                agents=int(rng.integers(8, 24)),
                policy=POLICIES[k % len(POLICIES)],
                ticks=int(rng.integers(20, 45)),
                episode_ticks=int(rng.integers(15, 60)),
                action_seed=int(rng.integers(0, 2**31)),
            ),
            id=f"case{k}",
        ))
    return cases


def replay(config: str, seed: int, actions: np.ndarray, tmp_path, tag: str) -> list[dict[str, str]]:
    path = tmp_path / f"actions-{tag}.bin"
    np.ascontiguousarray(actions, dtype="<i4").tofile(path)
    out = subprocess.run(
        ["node", str(REPO / "python" / "tests" / "replay_env.mjs"), str(REPO), config, str(seed), str(path),
         str(actions.shape[0])],
        check=True, capture_output=True, text=True, timeout=120,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("case", generated_cases(6))
def test_bridge_equals_in_process_env(case, write_config, tmp_path):
    config = write_config(case["town"], case["agents"], episode_ticks=case["episode_ticks"])
    rng = np.random.default_rng(case["action_seed"])
    env = TownVecEnv(config=config, seed=case["seed"], num_envs=case["num_envs"])
    try:
        _, infos = env.reset(options={"hash": True})
        served = [env.last_hashes]
        assert env.mapped_hashes() == [h["tensors"] for h in env.last_hashes]
        taken = []
        for _ in range(min(case["ticks"], case["episode_ticks"])):
            actions = choose(case["policy"], rng, infos["action_mask"], env.n_actions)
            taken.append(actions.copy())
            _, _, _, _, infos = env.step(actions)
            assert env.mapped_hashes() == [h["tensors"] for h in env.last_hashes]
            served.append(env.last_hashes)
        cap = env.capacity
        for i in range(env.num_envs):
            shard_actions = np.stack([a[i * cap : (i + 1) * cap] for a in taken])
            expected = replay(config, case["seed"] + i, shard_actions, tmp_path, f"{i}")
            assert [s[i] for s in served] == expected, f"shard {i} diverged from the in-process env"
    finally:
        env.close()


def test_views_are_the_mapped_bytes_and_copies_are_not(write_config):
    env = TownVecEnv(config=write_config("small", 10), seed=1)
    try:
        obs, infos = env.reset()
        kept = obs.copy()
        obs2, *_ = env.step(np.zeros(env.rows, dtype=np.int32))
        assert obs2 is obs or np.shares_memory(obs2, obs)  # the same view, overwritten in place
        assert not np.array_equal(obs, kept)  # the town moved on: the old view shows the new step
        copied = TownVecEnv(config=write_config("small", 10), seed=1, copy=True)
        try:
            c_obs, _ = copied.reset()
            c_next, *_ = copied.step(np.zeros(copied.rows, dtype=np.int32))
            assert np.array_equal(c_obs, kept) and not np.shares_memory(c_obs, c_next)
        finally:
            copied.close()
    finally:
        env.close()
