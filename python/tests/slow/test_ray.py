"""Ray (npm run test:slow): two actors, each serving its own shard, step in parallel and give exactly the
trajectories a local TownVecEnv gives for the same seeds and actions; a killed actor takes its server along."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

import ray

from townlet_env import TownVecEnv
from townlet_env.ray_actor import shard_actor_class


def gone(pid: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def ray_local():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def test_two_actors_step_two_shards_like_local_envs(ray_local, write_config):
    config = write_config("churn", 12, episode_ticks=500)
    ShardActor = shard_actor_class()
    seeds = (31, 47)
    actors = [ShardActor.remote(config=config, seed=s) for s in seeds]
    try:
        ray.get([a.reset.remote(options={"hash": True}) for a in actors])
        results = ray.get([a.rollout.remote(40, 100 + i) for i, a in enumerate(actors)])
        for seed, result in zip(seeds, results):
            local = TownVecEnv(config=config, seed=seed)
            try:
                local.reset(options={"hash": True})
                for actions, served in zip(result["actions"], result["hashes"]):
                    local.step(actions)
                    assert local.last_hashes == served
            finally:
                local.close()
        assert results[0]["hashes"][-1] != results[1]["hashes"][-1]  # two different shards
    finally:
        ray.get([a.close.remote() for a in actors])


def test_killing_an_actor_stops_its_server(ray_local, write_config):
    ShardActor = shard_actor_class()
    actor = ShardActor.remote(config=write_config("small", 8), seed=3)
    pids = ray.get(actor.spec.remote())["server_pids"]
    assert all(os.path.exists(f"/proc/{p}") for p in pids)
    ray.kill(actor)
    assert all(gone(p) for p in pids), "the env server outlived its Ray actor"
