"""The shared file the env servers write their tensors into, mapped as numpy arrays."""

from __future__ import annotations

import hashlib
import mmap
import os
import secrets
import tempfile
from typing import Any

import numpy as np


def _shm_dir() -> str:
    """/dev/shm (memory, not disk) where it exists, else the temporary directory."""
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else tempfile.gettempdir()


def new_shared_path() -> str:
    """Creates an empty file with a fresh name (only this user may read it) and returns its path."""
    path = os.path.join(_shm_dir(), f"townlet-{os.getpid()}-{secrets.token_hex(8)}")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    return path


class SharedBuffers:
    """The mapped file: one numpy array per layout entry, shaped [slots × capacity, *row_shape].

    The name is removed as soon as it is mapped: the memory lives while this mapping and the servers' open files
    do, and nothing is left in /dev/shm when the processes end, whichever way they end.
    """

    def __init__(self, path: str, layout: dict[str, Any]) -> None:
        fd = os.open(path, os.O_RDWR)
        try:
            self._map = mmap.mmap(fd, layout["file_bytes"])
        finally:
            os.close(fd)
            os.unlink(path)
        self.layout = layout
        self.capacity: int = layout["capacity"]
        self.slots: int = layout["slots"]
        self.arrays: dict[str, np.ndarray] = {}
        rows = self.slots * self.capacity
        for entry in layout["buffers"]:
            shape = (rows, *entry["row_shape"])
            count = int(np.prod(shape))
            self.arrays[entry["name"]] = np.frombuffer(
                self._map, dtype=np.dtype(entry["dtype"]), count=count, offset=entry["offset"]
            ).reshape(shape)
        self._outputs = [e for e in layout["buffers"] if e["name"] != "actions"]

    def slot_hash(self, slot: int) -> str:
        """SHA-256 (16 hex digits) over slot `slot` of every buffer the servers write, in layout order: what the
        server reports as its tensor hash when the mapped bytes are the bytes it wrote."""
        h = hashlib.sha256()
        view = memoryview(self._map)
        try:
            for e in self._outputs:
                start = e["offset"] + slot * e["slot_bytes"]
                h.update(view[start : start + e["slot_bytes"]])
        finally:
            view.release()
        return h.hexdigest()[:16]

    def close(self) -> None:
        """Drops the arrays and unmaps (if a caller still holds a view, the mapping goes with the last view)."""
        self.arrays = {}
        try:
            self._map.close()
        except BufferError:
            pass
