"""Eval of a committed checkpoint on one short seed runs and prints the documented JSON line."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO
from townlet_train.cli import main

MODELS = REPO / "models"


def test_eval_of_a_committed_checkpoint_on_one_short_seed(capsys):
    checkpoint = MODELS / "bc.pt"
    assert checkpoint.is_file(), "models/bc.pt is committed"
    assert main(["eval", "--checkpoint", str(checkpoint), "--seeds", "100", "--agents", "16",
                 "--episode-ticks", "30", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    assert len(lines) == 1
    row = lines[0]
    assert Path(row["policy"]).name == "bc.pt" and row["seeds"] == [100] and row["return_ci95"] is None
    assert set(row) >= {"policy", "seeds", "return_mean", "return_ci95", "faints", "kpis"}
    assert set(row["kpis"]) == {"self_sufficiency", "tenure_days_mean", "relationship_coverage", "income_spend_ratio"}
    # 30 ticks of a fresh town: needs fall a little, nobody faints, the reward is small and negative.
    assert -3.0 < row["return_mean"] < 0.5 and row["faints"] == 0


def test_eval_names_a_missing_checkpoint(capsys):
    assert main(["eval", "--checkpoint", "nope.pt", "--seeds", "1"]) == 2
    assert "--checkpoint: expected a checkpoint file" in capsys.readouterr().err
