"""The PPO training benchmark's single run (bench/python/ppo_train_run.py) on a tiny town: one JSON line whose
stages account for the cycle's wall time."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO


def test_ppo_train_run_reports_where_the_time_goes(write_config):
    config = write_config("small", agents=12)
    done = subprocess.run([sys.executable, str(REPO / "bench" / "python" / "ppo_train_run.py"), "12", "2", "1", "8",
                           "1", config], capture_output=True, text=True, check=True, cwd=REPO)
    r = json.loads(done.stdout.strip().splitlines()[-1])
    assert r["agents"] == 12 and r["cycles"] == 2 and r["threads"] == 1
    stages = r["stage_sec_per_cycle"]
    for name in ("env", "rollout_forward", "update_forward", "update_backward", "optimizer", "normaliser"):
        assert stages[name] > 0, name
    assert abs(sum(stages.values()) - r["cycle_sec"]) < 0.05 * r["cycle_sec"] + 1e-3
    assert abs(r["agent_steps_per_sec"] - 2 * 8 * 12 / (2 * r["cycle_sec"])) < 1e-6 * r["agent_steps_per_sec"]
    assert abs(sum(r["stage_share"].values()) - 1.0) < 0.05
