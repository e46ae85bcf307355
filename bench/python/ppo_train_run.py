"""One process-level measurement of PPO training end to end (env + learning), printed as one JSON line
(bench/python/ppo_train_bench.py runs it in fresh processes).

  python bench/python/ppo_train_run.py <agents> <cycles> <warmup_cycles> <rollout_steps> <threads> <config>

Each cycle is townlet_train's own: a rollout of `rollout_steps` ticks of every slot (policy forward, masked
sampling, env step over the bridge), then the PPO update (GAE, 4 epochs × 4 minibatches of forward, backward
and Adam) and the normaliser update. Reports agent-steps/s of training (slots × ticks ÷ cycle wall time) and the
seconds of each stage.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time

import torch

from townlet_env import TownVecEnv
from townlet_train.model import ActorCritic, ModelConfig
from townlet_train.ppo_update import PPOHyper, ppo_update
from townlet_train.rollout import RolloutCollector
from townlet_train.timing import StageClock
from townlet_train.town import derived_config, town_spec

STAGES = ("env", "rollout_forward", "gae", "update_forward", "update_backward", "optimizer", "normaliser")


def main(agents: int, cycles: int, warmup: int, rollout_steps: int, threads: int, config: str) -> dict:
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    hyper = PPOHyper()
    with tempfile.TemporaryDirectory(prefix="townlet-bench-") as tmp:
        town = town_spec(config, agents, 720)
        env = TownVecEnv(config=derived_config(town, tmp), agents=agents, seed=1, autoreset=True)
        try:
            model = ActorCritic(ModelConfig(env.obs_dim, env.n_actions, 256))
            optimizer = torch.optim.Adam(model.parameters(), lr=3e-4, eps=1e-5)
            collector = RolloutCollector(env, 1, hyper.gamma, gen)
            clock = StageClock()
            wall = cpu = 0.0
            for c in range(warmup + cycles):
                if c == warmup:
                    clock.reset()
                    wall = cpu = 0.0
                t0, c0 = time.perf_counter(), time.process_time()
                ro = collector.collect(model, rollout_steps, clock=clock)
                ppo_update(model, optimizer, ro, hyper, gen, clock)
                with clock.stage("normaliser"):
                    model.norm.update(ro.obs.reshape(-1, ro.obs.shape[-1])[ro.valid.reshape(-1)])
                wall += time.perf_counter() - t0
                cpu += time.process_time() - c0
            rows = env.rows
        finally:
            env.close()
    stages = {k: clock.seconds.get(k, 0.0) for k in STAGES}
    stages["other"] = max(0.0, wall - sum(stages.values()))
    cpu_stages = {k: clock.cpu_seconds.get(k, 0.0) for k in STAGES}
    agent_steps = cycles * rollout_steps * rows
    return {"agents": agents, "cycles": cycles, "rollout_steps": rollout_steps, "threads": threads,
            "agent_steps_per_sec": agent_steps / wall, "cycle_sec": wall / cycles,
            "trainer_cpu_sec_per_cycle": cpu / cycles,
            "stage_sec_per_cycle": {k: v / cycles for k, v in stages.items()},
            "stage_share": {k: v / wall for k, v in stages.items()},
            "stage_cpu_sec_per_cycle": {k: v / cycles for k, v in cpu_stages.items()}}


if __name__ == "__main__":
    a = sys.argv[1:]
    print(json.dumps(main(int(a[0]), int(a[1]), int(a[2]), int(a[3]), int(a[4]), a[5])), flush=True)
