"""Wall time per stage of a training cycle (env step, forward, backward, …) for the PPO benchmark."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager


class StageClock:
    """Sums wall seconds (`time.perf_counter`) and this process's CPU seconds (`time.process_time`: on a shared
    machine less inflated by other load; it misses the env server's own CPU) per named stage. `stage(name)` is a
    context manager; a caller given no clock pays nothing (see `timed`)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu_seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - t0
            self.cpu_seconds[name] += time.process_time() - c0

    def reset(self) -> None:
        """Forgets every sum (after a warm-up)."""
        self.seconds.clear()
        self.cpu_seconds.clear()


@contextmanager
def timed(clock: StageClock | None, name: str) -> Iterator[None]:
    """`clock.stage(name)` when a clock is given, else nothing."""
    if clock is None:
        yield
    else:
        with clock.stage(name):
            yield
