"""PPO smoke: two updates on a small town, NDJSON that validates (with a rotation), checkpoints in release and
shadow with provenance, and a resumed run whose log_stream_offset continues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from townlet_train.checkpoint import load_checkpoint
from townlet_train.cli import main
from townlet_train.validate_log import validate_log


def _lines(prefix: Path) -> list[dict]:
    files = [prefix, *sorted(prefix.parent.glob(prefix.name + ".*"), key=lambda p: int(p.suffix[1:]))]
    return [json.loads(line) for f in files for line in f.read_text().splitlines()]


def test_two_update_ppo_run_validates_rotates_and_resumes(write_config, tmp_path, capsys):
    config = write_config("small", agents=12)
    out = tmp_path / "run"
    base = ["ppo", "--config", config, "--agents", "12", "--episode-ticks", "24", "--rollout-steps", "16",
            "--hidden", "32", "--out", str(out), "--max-log-entries", "1", "--save-every", "1", "--seed", "3"]
    assert main([*base, "--cycles", "2"]) == 0
    log = out / "telemetry.ndjson"
    assert log.exists() and Path(f"{log}.1").exists() and not Path(f"{log}.2").exists()
    assert validate_log(log) == 2
    rows = _lines(log)
    assert [r["log_stream_offset"] for r in rows] == [1, 2]
    assert [r["cycle_id"] for r in rows] == [1, 2]
    assert all(r["data_mode"] == "rollout" and r["rollout_ticks"] == 16 for r in rows)
    assert rows[1]["updates"] > rows[0]["updates"] > 0
    assert rows[0]["transitions"] > 0 and rows[0]["loss_total"] != 0

    model, meta, state = load_checkpoint(out / "checkpoints" / "release" / "policy.pt")
    assert state is None and meta["channel"] == "release"
    assert meta["config_id"] == "bridge-small" and meta["seed"] == 3 and len(meta["git_commit"]) >= 7
    assert meta["data_provenance"]["source"] == "rollout" and meta["town"]["episode_ticks"] == 24
    shadow = out / "checkpoints" / "shadow" / "latest.pt"
    _, smeta, sstate = load_checkpoint(shadow)
    assert sstate is not None and sstate["cycle"] == 2 and smeta["channel"] == "shadow"

    # Resume from the shadow checkpoint: the counters and the telemetry stream continue.
    assert main([*base, "--cycles", "3", "--resume", str(shadow)]) == 0
    assert validate_log(log) == 3
    rows = _lines(log)
    assert [r["log_stream_offset"] for r in rows] == [1, 2, 3]
    assert rows[2]["epoch"] == 3 and rows[2]["updates"] > rows[1]["updates"]
    resumed, _, _ = load_checkpoint(out / "checkpoints" / "release" / "policy.pt")
    assert any(not torch.equal(a, b) for a, b in zip(model.state_dict().values(), resumed.state_dict().values()))
    capsys.readouterr()


def test_v10_telemetry_has_no_v11_field(write_config, tmp_path, capsys):
    config = write_config("small", agents=8)
    out = tmp_path / "run10"
    assert main(["ppo", "--config", config, "--agents", "8", "--episode-ticks", "12", "--rollout-steps", "8",
                 "--hidden", "16", "--cycles", "1", "--out", str(out), "--telemetry-version", "1.0"]) == 0
    row = _lines(out / "telemetry.ndjson")[0]
    assert row["telemetry_version"] == "1.0"
    assert not {"log_stream_offset", "cycle_id", "data_mode", "epoch_duration_sec"} & set(row)
    assert validate_log(out / "telemetry.ndjson") == 1
    capsys.readouterr()


@pytest.mark.parametrize("command", ["ppo", "bc", "eval", "export", "validate-log"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: python -m townlet_train " + command in capsys.readouterr().out
