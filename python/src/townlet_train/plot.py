"""`python -m townlet_train.plot OUT.png LABEL=RUN_DIR ... [--hline LABEL=R ...]`: the learning curves of PPO runs
(episode return R against wall minutes, from each run's progress.csv) with baseline returns as horizontal lines."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path


def read_curve(run: str) -> tuple[list[float], list[float], list[float]]:
    """(wall minutes, million agent-steps, episode R) of every cycle in which an episode ended. A resumed run's clock starts again
    from 0: its rows are shifted to follow the previous ones."""
    xs: list[float] = []
    steps: list[float] = []
    ys: list[float] = []
    offset = last = 0.0
    with open(Path(run) / "progress.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            wall = float(row["wall_sec"])
            if wall + offset < last:
                offset = last
            last = wall + offset
            if row["episode_return"]:
                xs.append(last / 60.0)
                steps.append(float(row["agent_steps"]) / 1e6)
                ys.append(float(row["episode_return"]))
    return xs, steps, ys


def main(argv: list[str] | None = None) -> int:
    """Draws the plot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    p = argparse.ArgumentParser(prog="python -m townlet_train.plot", description=__doc__)
    p.add_argument("out")
    p.add_argument("runs", nargs="+", help="LABEL=RUN_DIR")
    p.add_argument("--hline", action="append", default=[], help="LABEL=R: a baseline's return")
    p.add_argument("--title", default="Training return per episode (R, mean over slots)")
    args = p.parse_args(argv)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True)
    curves = [(spec.split("=", 1)[0], read_curve(spec.split("=", 1)[1])) for spec in args.runs]
    for ax, column, xlabel in ((axes[0], 1, "million agent-steps"), (axes[1], 0, "wall minutes (2 shared, busy cores)")):
        for label, curve in curves:
            ax.plot(curve[column], curve[2], marker="o", markersize=3, label=label)
        styles = iter(["--", ":", "-."] * 4)
        for spec in args.hline:
            label, value = spec.split("=", 1)
            ax.axhline(float(value), linestyle=next(styles), color="grey", label=f"{label} ({float(value):.2f})")
        ax.set_xlabel(xlabel)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("R per training episode")
    axes[1].legend(loc="lower right", fontsize=8)
    fig.suptitle(args.title)
    fig.tight_layout()
    fig.savefig(args.out, dpi=100)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
