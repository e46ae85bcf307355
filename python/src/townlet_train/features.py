"""Where named features sit in an observation row, read from the env's observation spec (never hard-coded)."""

from __future__ import annotations

from typing import Any

import numpy as np


def feature_index(spec: dict[str, Any], name: str) -> int | None:
    """The observation column of feature `name`, or None when this layout has no such feature."""
    names: list[str] = spec.get("featureNames", [])
    start = spec.get("slices", {}).get("features", [None])[0]
    if start is None or name not in names:
        return None
    return int(start) + names.index(name)


class ConflictMeter:
    """Collapses the rivalry features of live rows into the four conflict aggregates of the telemetry contract:
    per tick the mean and max over live agents of `rivalry_max` and `rivalry_avoid_count`, averaged over ticks."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.cols = (feature_index(spec, "rivalry_max"), feature_index(spec, "rivalry_avoid_count"))
        self.sums = np.zeros(4)
        self.ticks = 0

    def add(self, obs: np.ndarray, alive: np.ndarray) -> None:
        """One tick's observations [rows, obs_dim] and alive flags [rows]."""
        live = alive.astype(bool)
        if not live.any() or None in self.cols:
            self.ticks += 1
            return
        rmax = obs[live, self.cols[0]]
        avoid = obs[live, self.cols[1]]
        self.sums += (rmax.mean(), rmax.max(), avoid.mean(), avoid.max())
        self.ticks += 1

    def summary(self) -> dict[str, float]:
        """The four `conflict.*` fields (0 with no tick) and a reset for the next epoch."""
        avg = self.sums / max(self.ticks, 1)
        self.sums[:] = 0
        self.ticks = 0
        keys = ("rivalry_max_mean_avg", "rivalry_max_max_avg", "rivalry_avoid_count_mean_avg",
                "rivalry_avoid_count_max_avg")
        return {f"conflict.{k}": float(v) for k, v in zip(keys, avg)}
