"""TownParallelEnv: PettingZoo's own API and seed tests, life ids through deaths and respawns, bad actions."""

from __future__ import annotations

import numpy as np
import pytest
from pettingzoo.test import parallel_api_test, parallel_seed_test

from townlet_env import TownParallelEnv


@pytest.mark.parametrize("town", ["small", "churn"])
def test_pettingzoo_parallel_api_test(write_config, town):
    """The small town runs all 200 cycles with every agent live; the churn town ends lives and spawns new ones."""
    env = TownParallelEnv(config=write_config(town, 12, episode_ticks=120))
    try:
        parallel_api_test(env, num_cycles=200)
    finally:
        env.close()


def test_pettingzoo_parallel_seed_test(write_config):
    config = write_config("small", 12, episode_ticks=50)
    parallel_seed_test(lambda: TownParallelEnv(config=config), num_cycles=50)


def test_ids_follow_lives_and_observations_are_kept_copies(write_config):
    env = TownParallelEnv(config=write_config("churn", 8, episode_ticks=80), seed=9)
    try:
        obs, infos = env.reset()
        assert env.agents == [f"agent-{i}" for i in range(1, 9)]
        kept = {a: o for a, o in obs.items()}
        snapshot = {a: o.copy() for a, o in obs.items()}
        ended, joined = set(), set()
        rng = np.random.default_rng(1)
        for _ in range(80):  # every step of the episode: a town may be empty for a few ticks between lives
            actions = {a: int(rng.choice(np.flatnonzero(infos[a]["action_mask"]))) for a in env.agents}
            before = set(env.agents)
            obs, rewards, terms, truncs, infos = env.step(actions)
            ended |= {a for a in before if terms[a] or truncs[a]}
            joined |= set(env.agents) - before
            assert not (set(env.agents) & ended)
            assert set(obs) == set(rewards) == set(infos) == before | (set(env.agents) - before)
        assert ended and joined, "the churn town should end lives and spawn replacements"
        assert all("#" in a for a in joined)  # a replacement is a new life of its slot: agent-3#1
        assert set(env.possible_agents) == {f"agent-{i}" for i in range(1, 9)} | joined
        for a in kept:  # the first observations were copies: 80 steps later they are unchanged
            assert np.array_equal(kept[a], snapshot[a])
    finally:
        env.close()


def test_bad_actions_raise_value_error_and_step_nothing(write_config):
    env = TownParallelEnv(config=write_config("small", 6), seed=2)
    try:
        env.reset()
        agent = env.agents[0]
        for actions, message in [
            ({"agent-99": 0}, "live agent"),
            ({agent: env.n_actions}, "action id in"),
            ({agent: -1}, "action id in"),
            ({agent: 1.5}, "integer action id"),
        ]:
            with pytest.raises(ValueError, match=message):
                env.step(actions)
        obs, rewards, *_ = env.step({agent: 0})
        again = TownParallelEnv(config=env_config(env), seed=2)
        try:
            again.reset()
            obs2, rewards2, *_ = again.step({agent: 0})
            assert all(np.array_equal(obs[a], obs2[a]) for a in obs)  # the failed calls stepped nothing
        finally:
            again.close()
    finally:
        env.close()


def env_config(env: TownParallelEnv) -> str:
    return env._bridge.servers[0].proc.args[env._bridge.servers[0].proc.args.index("--config") + 1]
