"""One `townlet env-server` child process and its control connection."""

from __future__ import annotations

import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Any

from .errors import TownletError, TownletInputError, TownletServerExit


class EnvServer:
    """Starts `townlet env-server` as a child and talks to it over a Unix socket.

    The child's standard input is a pipe nobody writes to: when this process dies, however it dies, the pipe
    closes and the server exits (and removes any shared file it still names). The child runs in its own session,
    so a Ctrl-C in the terminal reaches this process only and the bridge closes its children in order.
    """

    def __init__(
        self,
        argv_prefix: list[str],
        config: str,
        agents: int | None = None,
        seed: int | None = None,
        workers: int | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        self._dir = tempfile.mkdtemp(prefix="townlet-")
        self.socket_path = os.path.join(self._dir, "control.sock")
        argv = [*argv_prefix, "env-server", "--config", str(config), "--socket", self.socket_path]
        if agents is not None:
            argv += ["--agents", str(int(agents))]
        if seed is not None:
            argv += ["--seed", str(int(seed))]
        if workers is not None:
            argv += ["--workers", str(int(workers))]
        self._stderr = tempfile.TemporaryFile()
        self._sock: socket.socket | None = None
        self._reader: Any = None
        self._next_id = 1
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            start_new_session=True,
        )
        self._deadline = time.monotonic() + startup_timeout

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self.proc.pid

    def connect(self) -> None:
        """Waits for the server's `listening` line, then connects (separate from __init__ so many start at once)."""
        assert self.proc.stdout is not None
        line = b""
        while not line.endswith(b"\n"):
            left = self._deadline - time.monotonic()
            ready, _, _ = select.select([self.proc.stdout], [], [], max(left, 0))
            if not ready:
                tail = self._stderr_tail()
                self.close()
                raise TownletError(f"env server (pid {self.pid}) did not start in time{tail}")
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                raise self._died("while starting")
            line += chunk
        if not line.startswith(b"listening "):
            raise self._died(f"with an unexpected first line {line[:200]!r}")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(self.socket_path)
        self._sock = sock
        self._reader = sock.makefile("rb")
        shutil.rmtree(self._dir, ignore_errors=True)

    def send(self, message: dict[str, Any]) -> None:
        """Sends one control message (replies come back in order: call `receive` once per `send`)."""
        if self._sock is None:
            raise TownletError("env server is closed")
        message = {**message, "id": self._next_id}
        self._next_id += 1
        try:
            self._sock.sendall(json.dumps(message, separators=(",", ":")).encode() + b"\n")
        except OSError as err:
            raise self._died(f"({err})") from None

    def receive(self) -> dict[str, Any]:
        """The next reply; an error reply raises (TownletInputError for bad input, TownletError otherwise)."""
        try:
            line = self._reader.readline() if self._reader is not None else b""
        except OSError as err:
            raise self._died(f"during a request ({err})") from None
        except BaseException:
            # Interrupted (Ctrl-C) while a reply was due: the connection is out of step, so it ends here.
            self.close()
            raise
        if not line:
            raise self._died("during a request")
        reply = json.loads(line)
        if not reply.get("ok"):
            error = reply.get("error", {})
            kind, message = error.get("kind", "internal"), error.get("message", "unknown error")
            if kind == "input":
                raise TownletInputError(message)
            raise TownletError(f"env server ({kind} error): {message}")
        return reply

    def request(self, message: dict[str, Any]) -> dict[str, Any]:
        """send + receive."""
        self.send(message)
        return self.receive()

    def close(self, timeout: float = 10.0) -> None:
        """Asks the server to stop, then makes sure it has (a kill after `timeout`). Safe to call twice."""
        if self._sock is not None:
            try:
                self._sock.sendall(b'{"op":"close"}\n')
            except OSError:
                pass
            self._reader.close()
            self._sock.close()
            self._sock = None
            self._reader = None
        if self.proc.poll() is None:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self._stderr):
            if stream is not None and not stream.closed:
                stream.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _died(self, when: str) -> TownletServerExit:
        code = self.proc.poll()
        if code is None:
            try:
                code = self.proc.wait(2.0)
            except subprocess.TimeoutExpired:
                code = None
        status = "is not answering" if code is None else f"exited with code {code}"
        tail = self._stderr_tail()
        self.close()
        return TownletServerExit(f"env server (pid {self.pid}) {status} {when}{tail}")

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0)
            text = self._stderr.read().decode(errors="replace").strip()
        except (OSError, ValueError):
            return ""
        return f":\n{text[-2000:]}" if text else ""
