"""Small statistics helpers: the 95% Student-t half-width and Pearson correlation."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# Two-sided 95% Student-t quantiles for 1..30 degrees of freedom.
_T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def ci95(values: Sequence[float]) -> float | None:
    """Half-width of the 95% Student-t interval of the mean (None with fewer than two values), as `townlet
    baselines` reports it."""
    n = len(values)
    if n < 2:
        return None
    sd = float(np.std(np.asarray(values, dtype=np.float64), ddof=1))
    t = _T95[n - 2] if n - 1 <= len(_T95) else 1.96
    return t * sd / math.sqrt(n)


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two equal-length arrays; 0 when either has no variance."""
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    sa, sb = a.std(), b.std()
    if a.size < 2 or sa == 0 or sb == 0:
        return 0.0
    return float(((a - a.mean()) * (b - b.mean())).mean() / (sa * sb))
