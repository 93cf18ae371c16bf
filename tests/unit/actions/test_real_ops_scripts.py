"""run_script on real backends: a timeout or a cancellation kills the script's whole group."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.backends.real_ops import RealOperations
from console.config.models import Mode
from console.config.settings import Settings
from services.sources import SourceTimeout

PR_SET_CHILD_SUBREAPER = 36
SCRIPT = """#!/bin/sh
sleep 60 &
echo "$$ $!" > {pids}.tmp
mv {pids}.tmp {pids}
sleep 60
"""


def _script(tmp_path: Path) -> tuple[Path, Path]:
    pids = tmp_path / "pids"
    script = tmp_path / "spawns.sh"
    script.write_text(SCRIPT.format(pids=pids))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, pids


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper that is not us counts as gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return fields[0] != "Z"


def _gone(pids: list[int]) -> bool:
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def _read_pids(pids: Path) -> list[int]:
    return [int(p) for p in pids.read_text().split()]


@pytest.fixture
def ops() -> Iterator[RealOperations]:
    """Orphans reparent to this process (a subreaper), not to an init that may kill them:
    a grandchild that outlives its script stays visible, so the test can see a leak."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    try:
        yield RealOperations(Settings(mode=Mode.INCIDENT), [])
    finally:
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def _reap(pids: list[int]) -> None:
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


async def test_a_timeout_kills_the_script_and_what_it_spawned(
        tmp_path: Path, ops: RealOperations) -> None:
    script, pids = _script(tmp_path)
    with pytest.raises(SourceTimeout, match="killed after"):
        await ops.run_script(str(script), [], 1.0)
    children = _read_pids(pids)
    assert len(children) == 2
    try:
        assert _gone(children), f"still running: {[p for p in children if _alive(p)]}"
    finally:  # never leave a sleeper behind, even when the test fails
        _reap(children)


async def test_a_cancellation_kills_the_script_and_what_it_spawned(
        tmp_path: Path, ops: RealOperations) -> None:
    script, pids = _script(tmp_path)
    task = asyncio.create_task(ops.run_script(str(script), [], 60.0))
    for _ in range(200):
        if pids.exists():
            break
        await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    children = _read_pids(pids)
    try:
        assert _gone(children), f"still running: {[p for p in children if _alive(p)]}"
    finally:
        _reap(children)
