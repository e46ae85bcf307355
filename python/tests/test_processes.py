"""Processes: servers die with their parent (SIGKILL, Ctrl-C), leave nothing in /dev/shm, and a server's death or
error reaches Python as an exception with its message."""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from townlet_env import TownletError, TownletServerExit, TownVecEnv

PARENT = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    from townlet_env import TownVecEnv
    env = TownVecEnv(config=sys.argv[1], seed=1, num_envs=2)
    env.reset()
    env.step(np.zeros(env.rows, dtype=np.int32))
    print(*env.server_pids, flush=True)
    while True:
        time.sleep(0.1)
    """
)


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie counts as gone: it has exited and only waits for its parent)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pids: list[int], timeout: float = 15.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [p for p in pids if alive(p)]
        if not left:
            return []
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


def start_parent(config: str) -> tuple[subprocess.Popen, list[int]]:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, config], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    line = parent.stdout.readline()
    pids = [int(p) for p in line.split()]
    assert len(pids) == 2 and all(alive(p) for p in pids), line
    return parent, pids


@pytest.mark.parametrize("how", ["SIGKILL", "Ctrl-C"])
def test_servers_die_with_their_parent_and_leave_no_shared_file(write_config, how):
    parent, pids = start_parent(write_config("small", 10))
    try:
        if how == "SIGKILL":
            parent.kill()
        else:  # what a terminal does: SIGINT to the foreground process group
            os.killpg(parent.pid, signal.SIGINT)
        parent.wait(15)
        assert wait_gone(pids) == [], "env servers outlived their parent"
        assert glob.glob(f"/dev/shm/townlet-{parent.pid}-*") == []
    finally:
        for p in pids:
            if alive(p):
                os.kill(p, signal.SIGKILL)
        parent.stdout.close()


def test_a_killed_server_raises_with_its_exit(write_config):
    env = TownVecEnv(config=write_config("small", 8), seed=1, num_envs=2)
    pids = env.server_pids
    try:
        env.reset()
        victim = pids[1]
        os.kill(victim, signal.SIGKILL)
        with pytest.raises(TownletServerExit, match=rf"pid {victim}\) exited with code -9"):
            env.step(np.zeros(env.rows, dtype=np.int32))
    finally:
        env.close()
    assert wait_gone(pids) == []


def test_a_bad_config_surfaces_the_shard_message(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("config_id: x\npopulation: { count: -3 }\n")
    with pytest.raises(TownletServerExit, match=r"population\.count"):
        TownVecEnv(config=str(bad))


def test_protocol_errors_come_back_as_messages(write_config):
    env = TownVecEnv(config=write_config("small", 6), seed=1)
    try:
        server = env._bridge.servers[0]
        with pytest.raises(TownletError, match=r"protocol error.*op"):
            server.request({"op": "jump"})
        with pytest.raises(TownletError, match=r"protocol error.*seed"):
            server.request({"op": "reset", "seed": "seven"})
        with pytest.raises(TownletError, match=r"state error.*before the first reset"):
            server.request({"op": "step"})
        server.send({"op": "spec"})  # the connection is still in step after the errors
        assert server.receive()["capacity"] == env.capacity
    finally:
        env.close()


def test_close_stops_the_servers(write_config):
    env = TownVecEnv(config=write_config("small", 6), seed=1, num_envs=2)
    pids = env.server_pids
    env.close()
    assert wait_gone(pids, timeout=5) == []
