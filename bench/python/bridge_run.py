"""One process-level measurement of the Python bridge, printed as one JSON line (bench/bridge.bench.ts runs it).

  python bench/python/bridge_run.py vec <agents> <steps> <warmup> <config>       TownVecEnv.step
  python bench/python/bridge_run.py parallel <agents> <steps> <warmup> <config>  TownParallelEnv.step

Every live agent's action is drawn uniformly from its mask inside the timed loop (numpy, vectorised).
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

from townlet_env import TownParallelEnv, TownVecEnv


def uniform_over_mask(rng: np.random.Generator, mask: np.ndarray) -> np.ndarray:
    """One action per row, uniform over the row's allowed actions (noop when none is allowed)."""
    scores = rng.random(mask.shape, dtype=np.float32)
    scores *= mask
    return scores.argmax(axis=1).astype(np.int32)


def run_vec(agents: int, steps: int, warmup: int, config: str) -> dict:
    env = TownVecEnv(config=config, agents=agents, seed=42)
    rng = np.random.default_rng(0)
    _, infos = env.reset(options={"timing": True})
    for _ in range(warmup):
        _, _, _, _, infos = env.step(uniform_over_mask(rng, infos["action_mask"]))
    agent_steps, sample_s, env_ms, write_ms = 0, 0.0, 0.0, 0.0
    t0 = time.perf_counter()
    for _ in range(steps):
        t1 = time.perf_counter()
        actions = uniform_over_mask(rng, infos["action_mask"])
        sample_s += time.perf_counter() - t1
        agent_steps += int(np.count_nonzero(infos["alive"]))
        _, _, _, _, infos = env.step(actions)
        env_ms += env.last_timing[0]["env_ms"]
        write_ms += env.last_timing[0]["write_ms"]
    seconds = time.perf_counter() - t0
    env.close()
    return dict(side="python-vec", agents=agents, steps_measured=steps, agent_steps_per_sec=agent_steps / seconds,
                mean_step_ms=seconds / steps * 1000, mean_sample_ms=sample_s / steps * 1000,
                mean_server_env_ms=env_ms / steps, mean_server_write_ms=write_ms / steps)


def run_parallel(agents: int, steps: int, warmup: int, config: str) -> dict:
    env = TownParallelEnv(config=config, agents=agents, seed=42)
    rng = np.random.default_rng(0)
    _, infos = env.reset()

    def act(infos: dict) -> dict:
        live = env.agents
        if not live:
            return {}
        mask = np.stack([infos[a]["action_mask"] for a in live])
        return dict(zip(live, uniform_over_mask(rng, mask).tolist()))

    # step's infos cover every live agent: those that acted and those that joined
    for _ in range(warmup):
        _, _, _, _, infos = env.step(act(infos))
    agent_steps = 0
    t0 = time.perf_counter()
    for _ in range(steps):
        actions = act(infos)
        agent_steps += len(actions)
        _, _, _, _, infos = env.step(actions)
    seconds = time.perf_counter() - t0
    env.close()
    return dict(side="python-parallel", agents=agents, steps_measured=steps,
                agent_steps_per_sec=agent_steps / seconds, mean_step_ms=seconds / steps * 1000)


if __name__ == "__main__":
    mode, agents, steps, warmup, config = sys.argv[1:6]
    run = run_vec if mode == "vec" else run_parallel
    print(json.dumps(run(int(agents), int(steps), int(warmup), config)), flush=True)
