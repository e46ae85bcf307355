"""Behaviour cloning on a tiny capture of the scripted policy: the loss falls, the manifest is recorded."""

from __future__ import annotations

import json
import subprocess

import numpy as np

from conftest import REPO
from townlet_train.bc import rare_action_weights
from townlet_train.bc_report import main as bc_report_main
from townlet_train.checkpoint import load_checkpoint
from townlet_train.cli import main
from townlet_train.validate_log import validate_log


def test_bc_loss_decreases_on_a_tiny_capture(write_config, tmp_path, capsys):
    config = write_config("small", agents=12)
    cap = tmp_path / "cap"
    subprocess.run(["node", str(REPO / "bin" / "townlet.js"), "capture", "--config", config, "--ticks", "80",
                    "--seed", "11", "--out", str(cap), "--quiet"], check=True, cwd=REPO)
    out = tmp_path / "bc"
    assert main(["bc", "--capture", str(cap), "--out", str(out), "--config", config, "--agents", "12",
                 "--episode-ticks", "80", "--epochs", "6", "--hidden", "32", "--batch-size", "64"]) == 0
    log = out / "telemetry.ndjson"
    assert validate_log(log) == 6
    rows = [json.loads(x) for x in log.read_text().splitlines()]
    losses = [r["loss_policy"] for r in rows]
    assert losses[-1] < 0.8 * losses[0], losses
    assert all(r["data_mode"] == "replay" and r["rollout_ticks"] == 0 for r in rows)
    assert rows[0]["baseline_sample_count"] > 0 and "baseline_log_prob_mean" in rows[0]
    assert rows[-1]["baseline_log_prob_mean"] > rows[0]["baseline_log_prob_mean"]
    _, meta, _ = load_checkpoint(out / "checkpoints" / "release" / "policy.pt")
    manifest = meta["data_provenance"]["manifests"][0]
    assert meta["kind"] == "bc" and meta["config_id"] == "bridge-small"
    assert manifest["config_id"] == "bridge-small" and manifest["seed"] == 11 and manifest["ticks"] == 80
    capsys.readouterr()
    # The per-action report counts every sample once and names the most common action.
    assert bc_report_main([str(out / "checkpoints" / "release" / "policy.pt"), str(cap)]) == 0
    report = capsys.readouterr().out
    samples = int(report.split()[0])
    assert samples == rows[0]["baseline_sample_count"]
    assert "\nnoop " in report and "argmax accuracy" in report


def test_bc_refuses_a_folder_that_is_not_a_capture(tmp_path, capsys):
    assert main(["bc", "--capture", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "manifest.json" in capsys.readouterr().err


def test_rare_action_weights_count_rare_actions_more():
    actions = np.array([0] * 90 + [1] * 9 + [2])
    w = rare_action_weights(actions, 4, 0.5).tolist()
    assert w[0] == 1.0 and abs(w[1] - (90 / 9) ** 0.5) < 1e-5 and abs(w[2] - 90 ** 0.5) < 1e-4
    assert w[3] == 1.0  # never taken: never in the loss
    assert rare_action_weights(actions, 4, 0.0).tolist() == [1.0, 1.0, 1.0, 1.0]


def test_bc_refuses_a_negative_rare_weight(tmp_path, capsys):
    assert main(["bc", "--capture", str(tmp_path), "--out", str(tmp_path / "o"), "--rare-weight", "-1"]) == 2
    assert "--rare-weight: expected a number >= 0, found -1.0" in capsys.readouterr().err
