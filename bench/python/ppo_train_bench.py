"""`npm run bench:train`: PPO training end to end at `--agents` (1,024) in `--runs` fresh processes (5), each
`bench/python/ppo_train_run.py`; writes bench/results/ppo-train.json with the median and min–max of agent-steps/s
and of each stage's seconds per cycle, and the load average before and after.

  python/.venv/bin/python bench/python/ppo_train_bench.py [--agents 1024] [--runs 5] [--cycles 3] [--warmup 1]
      [--rollout-steps 128] [--threads 1] [--config configs/town.yaml] [--out bench/results/ppo-train.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent


def spread(values: list[float]) -> dict[str, float]:
    """Median, min and max over runs."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--agents", type=int, default=1024)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--cycles", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--rollout-steps", type=int, default=128)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--config", default="configs/town.yaml")
    p.add_argument("--out", default="bench/results/ppo-train.json")
    a = p.parse_args()
    load_before = os.getloadavg()
    runs = []
    for r in range(a.runs):
        cmd = [sys.executable, str(HERE / "ppo_train_run.py"), str(a.agents), str(a.cycles), str(a.warmup),
               str(a.rollout_steps), str(a.threads), a.config]
        line = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        runs.append(json.loads(line))
        print(f"run {r + 1}: {runs[-1]['agent_steps_per_sec']:,.0f} agent-steps/s, "
              f"{runs[-1]['cycle_sec']:.2f} s a cycle, load {os.getloadavg()[0]:.1f}", flush=True)
    stages = runs[0]["stage_sec_per_cycle"].keys()
    result = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
        "agents": a.agents, "runs": a.runs, "cycles_measured": a.cycles, "warmup_cycles": a.warmup,
        "rollout_steps": a.rollout_steps, "torch_threads": a.threads, "config": a.config,
        "load_average_before": load_before, "load_average_after": os.getloadavg(),
        "agent_steps_per_sec": spread([r["agent_steps_per_sec"] for r in runs]),
        "cycle_sec": spread([r["cycle_sec"] for r in runs]),
        "trainer_cpu_sec_per_cycle": spread([r["trainer_cpu_sec_per_cycle"] for r in runs]),
        "stage_sec_per_cycle": {k: spread([r["stage_sec_per_cycle"][k] for r in runs]) for k in stages},
        "stage_share": {k: spread([r["stage_share"][k] for r in runs]) for k in stages},
        "stage_cpu_sec_per_cycle": {k: spread([r["stage_cpu_sec_per_cycle"][k] for r in runs])
                                    for k in runs[0]["stage_cpu_sec_per_cycle"]},
    }
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    s = result["agent_steps_per_sec"]
    print(f"{a.agents} agents: {s['median']:,.0f} agent-steps/s [{s['min']:,.0f}–{s['max']:,.0f}] over {a.runs} runs; "
          + ", ".join(f"{k} {v['median'] * 100:.0f}%" for k, v in result["stage_share"].items()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
