"""`python -m townlet_train.plot OUT.png LABEL=RUN_DIR ... [--hline LABEL=R ...]`: the learning curves of PPO runs
(episode return R against wall minutes, from each run's progress.csv) with baseline returns as horizontal lines."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path


def read_curve(run: str) -> tuple[list[float], list[float]]:
    """(wall minutes, episode R) of every cycle in which an episode ended."""
    xs: list[float] = []
    ys: list[float] = []
    with open(Path(run) / "progress.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["episode_return"]:
                xs.append(float(row["wall_sec"]) / 60.0)
                ys.append(float(row["episode_return"]))
    return xs, ys


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
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for spec in args.runs:
        label, run = spec.split("=", 1)
        xs, ys = read_curve(run)
        ax.plot(xs, ys, marker="o", markersize=3, label=label)
    styles = iter(["--", ":", "-."] * 4)
    for spec in args.hline:
        label, value = spec.split("=", 1)
        ax.axhline(float(value), linestyle=next(styles), color="grey", label=f"{label} ({float(value):.2f})")
    ax.set_xlabel("wall minutes (2 shared cores)")
    ax.set_ylabel("R per episode")
    ax.set_title(args.title)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.out, dpi=100)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
