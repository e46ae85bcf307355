"""Shared fixtures: small configs written per test, the repository root, and a leak check after every test."""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# A small procedural town: fast to build (under a second) and big enough for queues, chats and shifts.
SMALL_TOWN = """\
config_id: bridge-small
seed: 7
population: {{ count: {agents} }}
env: {{ episode_ticks: {episode_ticks} }}
"""

# A town where agents start starving: lives end and replacements spawn within a few ticks (new ids, empty slots).
CHURN_TOWN = """\
config_id: bridge-churn
seed: 5
population: {{ count: {agents}, initial_needs: {{ hunger: 0.05, hygiene: 0.5, energy: 0.5 }}, initial_needs_spread: 0.04 }}
lifecycle:
  respawn_delay_ticks: [1, 3]
  max_respawns_per_slot_per_day: 100
  respawn_needs: {{ hunger: 0.06, hygiene: 0.5, energy: 0.5 }}
env: {{ episode_ticks: {episode_ticks} }}
"""


@pytest.fixture
def write_config(tmp_path):
    """write_config(kind='small'|'churn', agents=20, episode_ticks=1440) -> path of a fresh YAML config."""

    def write(kind: str = "small", agents: int = 20, episode_ticks: int = 1440) -> str:
        template = SMALL_TOWN if kind == "small" else CHURN_TOWN
        path = tmp_path / f"{kind}-{agents}-{episode_ticks}.yaml"
        path.write_text(template.format(agents=agents, episode_ticks=episode_ticks))
        return str(path)

    return write


def shm_leftovers() -> list[str]:
    """Shared files this test process created and did not remove."""
    return glob.glob(f"/dev/shm/townlet-{os.getpid()}-*")


@pytest.fixture(autouse=True)
def no_shm_leftovers():
    """Every test must leave /dev/shm as it found it."""
    before = set(shm_leftovers())
    yield
    assert set(shm_leftovers()) - before == set()
