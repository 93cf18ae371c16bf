"""Starting lab servers detached from the CLI, and stopping them again by pid.

``lab up`` returns to the shell while the servers keep running, so each one is started
in its own session (no SIGHUP when the terminal closes, no Ctrl-C from the shell's
process group) with stdin from /dev/null and its output in a log file in the lab
directory. ``lab down`` is a different process that knows only the pids in ``lab.json``,
so stopping is by pid: SIGTERM, wait, SIGKILL, wait — and a pid that is gone is done.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from console.lab.ports import port_open, wait_for_port
from console.lab.users import LabError, pid_alive, wait_gone

_children: dict[int, subprocess.Popen[bytes]] = {}
"""Processes this (CLI or test) process started: kept so they are reaped, not zombies,
and so Python does not warn about Popen objects collected while their process runs."""


def spawn(argv: Sequence[str], log: Path, *, cwd: Path) -> subprocess.Popen[bytes]:
    """Start ``argv`` detached (own session), its output appended to ``log``."""
    with log.open("ab") as out:
        process = subprocess.Popen(list(argv), cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    _children[process.pid] = process
    return process


def python_module(module: str, *args: str) -> list[str]:
    """``python -m module args`` with this interpreter (the venv's, whatever PATH says)."""
    return [sys.executable, "-m", module, *args]


def wait_port(port: int, process: subprocess.Popen[bytes], what: str,
              timeout_s: float = 30.0) -> None:
    """Until ``port`` accepts connections; fail fast, naming the log, if the server died."""
    try:
        wait_for_port(port, timeout_s=timeout_s, process=process)
    except (RuntimeError, TimeoutError) as exc:
        raise LabError(f"{what}: {exc}") from None


def wait_ready_file(path: Path, process: subprocess.Popen[bytes], what: str,
                    timeout_s: float = 30.0) -> dict[str, Any]:
    """The JSON a lab process writes once it listens (how it tells us its ports)."""
    deadline = time.monotonic() + timeout_s
    while not path.exists():
        if process.poll() is not None:
            raise LabError(f"{what} exited with code {process.returncode} while starting")
        if time.monotonic() > deadline:
            raise LabError(f"{what} was not ready within {timeout_s:g} s")
        time.sleep(0.05)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def stop_pid(pid: int, timeout_s: float = 5.0) -> bool:
    """SIGTERM, then SIGKILL after ``timeout_s``; True once the process is gone."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not pid_alive(pid):
            break
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        wait_gone([pid], timeout_s)
    child = _children.pop(pid, None)
    if child is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(1.0)
    return not pid_alive(pid)


def is_up(pid: int, port: int) -> bool:
    """A component is up when its process lives and its port accepts connections."""
    return pid > 0 and pid_alive(pid) and port_open(port)


def stop_process(process: subprocess.Popen[bytes], timeout_s: float = 5.0) -> None:
    """Terminate one server this process started, killing it if it will not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout_s)
