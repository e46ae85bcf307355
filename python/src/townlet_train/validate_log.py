"""`validate-log PREFIX`: checks a rotated NDJSON telemetry set against the v1.0/v1.1 contract."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from .telemetry import rotated_files
from .telemetry_schema import BASE_FIELDS, BASELINE_FIELDS, BASELINE_OPTIONAL, DATA_MODES, V11_FIELDS, VERSIONS


class LogError(ValueError):
    """The first line that breaks the contract: `where` is FILE:LINE."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


def _type_ok(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return isinstance(value, types)


def _check_fields(row: dict[str, Any], fields: dict[str, tuple[type, ...]], where: str) -> None:
    for name, types in fields.items():
        if name not in row:
            raise LogError(where, f"missing field {name!r}")
        if not _type_ok(row[name], types):
            want = " or ".join(t.__name__ for t in types)
            raise LogError(where, f"field {name!r}: expected a finite {want}, found {row[name]!r}")


class _Stream:
    """What the check carries from line to line: version, offset and cycle id."""

    def __init__(self) -> None:
        self.version: str | None = None
        self.offset = 0
        self.cycle: int | None = None
        self.lines = 0


def check_line(row: Any, where: str, stream: _Stream) -> None:
    """Checks one parsed line against the contract and against the lines before it."""
    if not isinstance(row, dict):
        raise LogError(where, f"expected a JSON object, found {type(row).__name__}")
    version = row.get("telemetry_version")
    if version not in VERSIONS:
        raise LogError(where, f"telemetry_version: expected one of {list(VERSIONS)}, found {version!r}")
    if stream.version is not None and version != stream.version:
        raise LogError(where, f"telemetry_version {version!r} after {stream.version!r}: one version per stream")
    stream.version = version
    _check_fields(row, BASE_FIELDS, where)
    known = set(BASE_FIELDS) | set(BASELINE_FIELDS) | set(BASELINE_OPTIONAL)
    if version == "1.1":
        _check_fields(row, V11_FIELDS, where)
        known |= set(V11_FIELDS)
    else:
        partial = sorted(set(V11_FIELDS) & set(row))
        if partial:
            raise LogError(where, f"a v1.0 payload carries v1.1 field(s) {partial}")
    unknown = sorted(set(row) - known)
    if unknown:
        raise LogError(where, f"unknown field(s) {unknown}")
    baseline = [f for f in BASELINE_FIELDS if f in row]
    if baseline and len(baseline) != len(BASELINE_FIELDS):
        missing = sorted(set(BASELINE_FIELDS) - set(baseline))
        raise LogError(where, f"baseline fields must come together: missing {missing}")
    if baseline:
        _check_fields(row, BASELINE_FIELDS, where)
    for name, types in BASELINE_OPTIONAL.items():
        if name in row and not baseline:
            raise LogError(where, f"{name!r} without the baseline fields")
        if name in row and not _type_ok(row[name], types):
            raise LogError(where, f"field {name!r}: expected a finite number, found {row[name]!r}")
    for name in ("epoch", "updates", "transitions", "steps"):
        if row[name] < 0:
            raise LogError(where, f"field {name!r}: expected >= 0, found {row[name]}")
    if version == "1.1":
        if row["data_mode"] not in DATA_MODES:
            raise LogError(where, f"data_mode: expected one of {list(DATA_MODES)}, found {row['data_mode']!r}")
        if row["data_mode"] == "replay" and row["rollout_ticks"] != 0:
            raise LogError(where, f"rollout_ticks: expected 0 for data_mode 'replay', found {row['rollout_ticks']}")
        if row["log_stream_offset"] != stream.offset + 1:
            raise LogError(where, f"log_stream_offset: expected {stream.offset + 1}, found {row['log_stream_offset']}")
        if stream.cycle is not None and row["cycle_id"] <= stream.cycle:
            raise LogError(where, f"cycle_id: expected > {stream.cycle} (monotonic), found {row['cycle_id']}")
        stream.offset = row["log_stream_offset"]
        stream.cycle = row["cycle_id"]
    stream.lines += 1


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def validate_log(prefix: str | os.PathLike[str]) -> int:
    """Checks PREFIX, PREFIX.1, …; returns the number of lines. Raises LogError at the first bad line (or file):
    every file but the last holds the same number of lines (the rotation size), the last no more."""
    files = rotated_files(prefix)
    if not files:
        raise LogError(str(prefix), "no telemetry file with this prefix")
    stream = _Stream()
    sizes: list[int] = []
    for path in files:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if not lines:
            raise LogError(f"{path}:1", "empty file in a rotated set")
        for number, text in enumerate(lines, start=1):
            where = f"{path}:{number}"
            try:
                row = json.loads(text, parse_constant=_reject_constant)
            except ValueError as err:
                raise LogError(where, f"not a JSON object: {err}") from None
            check_line(row, where, stream)
        if sizes and len(lines) > sizes[0]:
            raise LogError(f"{path}:{sizes[0] + 1}", f"more lines than the rotation size {sizes[0]}")
        if len(sizes) >= 1 and sizes[-1] != sizes[0]:
            raise LogError(f"{files[len(sizes) - 1]}:{sizes[-1]}", f"rotated before the rotation size {sizes[0]}")
        sizes.append(len(lines))
    return stream.lines
