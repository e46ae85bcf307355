"""TelemetryWriter: epoch summaries as NDJSON, rotated into PREFIX.1, PREFIX.2, … every `max_log_entries` lines."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from .telemetry_schema import V11_FIELDS


def rotated_files(prefix: str | os.PathLike[str]) -> list[Path]:
    """PREFIX, PREFIX.1, PREFIX.2, … in order, as far as they exist consecutively."""
    base = Path(prefix)
    files: list[Path] = []
    if base.exists():
        files.append(base)
    i = 1
    while Path(f"{base}.{i}").exists():
        files.append(Path(f"{base}.{i}"))
        i += 1
    return files


class TelemetryWriter:
    """Appends epoch summaries to PREFIX (then PREFIX.1, …). In v1.1 each line carries `log_stream_offset`, its
    1-based position in the whole stream, continuing across files and across a resumed run (the writer re-reads
    what is there). `version="1.0"` drops every v1.1 field."""

    def __init__(self, prefix: str | os.PathLike[str], max_log_entries: int = 1000, version: str = "1.1",
                 resume: bool = False) -> None:
        if max_log_entries < 1:
            raise ValueError(f"max_log_entries: expected an integer >= 1, found {max_log_entries}")
        if version not in ("1.0", "1.1"):
            raise ValueError(f"telemetry_version: expected '1.0' or '1.1', found {version!r}")
        self.prefix = Path(prefix)
        self.max_entries = max_log_entries
        self.version = version
        self.prefix.parent.mkdir(parents=True, exist_ok=True)
        existing = rotated_files(self.prefix) if resume else []
        if not resume:
            for f in rotated_files(self.prefix):
                f.unlink()
        self.offset = 0
        self.file_index = 0
        self.in_file = 0
        for i, f in enumerate(existing):
            lines = sum(1 for line in f.read_text().splitlines() if line.strip())
            self.offset += lines
            self.file_index, self.in_file = i, lines

    def _path(self) -> Path:
        return self.prefix if self.file_index == 0 else Path(f"{self.prefix}.{self.file_index}")

    def write(self, summary: dict[str, Any]) -> dict[str, Any]:
        """Writes one epoch summary (non-finite floats become 0.0) and returns the line as written."""
        if self.in_file >= self.max_entries:
            self.file_index += 1
            self.in_file = 0
        self.offset += 1
        line: dict[str, Any] = {"telemetry_version": self.version}
        for key, value in summary.items():
            if self.version == "1.0" and key in V11_FIELDS:
                continue
            line[key] = 0.0 if isinstance(value, float) and not math.isfinite(value) else value
        if self.version == "1.1":
            line["log_stream_offset"] = self.offset
        with open(self._path(), "a", encoding="utf-8") as f:
            f.write(json.dumps(line, sort_keys=False) + "\n")
        self.in_file += 1
        return line
