"""The NDJSON contract: committed samples validate; each kind of bad line is exit 2 naming FILE:LINE."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from townlet_train.cli import main
from townlet_train.validate_log import validate_log

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


@pytest.mark.parametrize("prefix", ["ppo-telemetry-v1.1.ndjson", "ppo-telemetry-v1.0.ndjson",
                                    "bc-telemetry-v1.1.ndjson"])
def test_committed_samples_validate(prefix):
    assert validate_log(SAMPLES / prefix) >= 2


def test_the_v11_sample_is_rotated():
    assert (SAMPLES / "ppo-telemetry-v1.1.ndjson.1").exists()


def _sample_rows(name: str) -> list[dict]:
    return [json.loads(x) for x in (SAMPLES / name).read_text().splitlines()]


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def _breakers():
    """(description, edit of a copy of the first two lines, fragment of the message)."""
    def drop(field):
        return lambda rows: rows[1].pop(field)

    def put(field, value):
        return lambda rows: rows[1].__setitem__(field, value)

    return [
        ("missing v1.1 field", drop("reward_advantage_corr"), "missing field 'reward_advantage_corr'"),
        ("missing base field", drop("kl_divergence"), "missing field 'kl_divergence'"),
        ("missing conflict field", drop("conflict.rivalry_max_mean_avg"), "conflict.rivalry_max_mean_avg"),
        ("bad data_mode", put("data_mode", "online"), "data_mode"),
        ("offset jump", put("log_stream_offset", 5), "log_stream_offset: expected 2"),
        ("cycle back", put("cycle_id", 0), "cycle_id"),
        ("wrong type", put("lr", "0.1"), "field 'lr'"),
        ("bool is not a number", put("epoch", True), "field 'epoch'"),
        ("unknown field", put("surprise", 1), "unknown field"),
        ("partial baseline", put("baseline_reward_mean", 0.5), "baseline fields must come together"),
        ("version switch", put("telemetry_version", "1.0"), "one version per stream"),
    ]


@pytest.mark.parametrize("name,edit,fragment", _breakers(), ids=[b[0] for b in _breakers()])
def test_a_bad_line_is_exit_2_naming_it(tmp_path, capsys, name, edit, fragment):
    rows = _sample_rows("ppo-telemetry-v1.1.ndjson")[:2]
    edit(rows)
    _write(tmp_path / "log", rows)
    assert main(["validate-log", str(tmp_path / "log")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'log'}:2:" in err and fragment in err


def test_v10_line_with_a_v11_field_is_refused(tmp_path, capsys):
    rows = _sample_rows("ppo-telemetry-v1.0.ndjson")[:2]
    rows[0]["cycle_id"] = 1
    _write(tmp_path / "log", rows)
    assert main(["validate-log", str(tmp_path / "log")]) == 2
    assert "log:1: a v1.0 payload carries v1.1 field(s) ['cycle_id']" in capsys.readouterr().err


def test_rotation_must_continue_the_offset_across_files(tmp_path, capsys):
    first, second = _sample_rows("ppo-telemetry-v1.1.ndjson")[0], _sample_rows("ppo-telemetry-v1.1.ndjson.1")[0]
    second["log_stream_offset"] = 1
    _write(tmp_path / "log", [first])
    _write(tmp_path / "log.1", [second])
    assert main(["validate-log", str(tmp_path / "log")]) == 2
    assert "log.1:1: log_stream_offset: expected 2, found 1" in capsys.readouterr().err


def test_not_json_and_missing_prefix(tmp_path, capsys):
    (tmp_path / "log").write_text("{not json\n")
    assert main(["validate-log", str(tmp_path / "log")]) == 2
    assert "log:1: not a JSON object" in capsys.readouterr().err
    assert main(["validate-log", str(tmp_path / "nothing")]) == 2
    assert "no telemetry file" in capsys.readouterr().err
