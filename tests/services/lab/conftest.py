"""One real lab for the whole session, started and stopped through the ``lab`` CLI.

Not tmp_path: pytest's tree is root-only (0700) and, as root, the lab's PostgreSQL and
Redis run as the unprivileged lab user, who must be able to enter the lab directory. The
directory does not exist beforehand and ``lab up`` runs under umask 077, as a careful
root's shell would: ``up`` must make it reachable itself. ``XDG_STATE_HOME`` points at a
directory of the session's own while ``up`` runs, and again in each test using
``lab_env`` (the autouse isolation gives every test its own), so the "last lab" pointer
``up`` writes is this lab's, found by commands run without ``--dir``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import shutil
import tempfile
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from console.errors import EXIT_BAD_INPUT, InputError
from console.lab.cli import register
from console.lab.lab_state import LabState
from console.lab.users import pid_alive


@dataclass
class LabRun:
    code: int
    out: str
    err: str


def run_lab(*args: str) -> LabRun:
    """``recovery-console lab ...`` as the main CLI runs it (InputError -> exit 2)."""
    parser = argparse.ArgumentParser(prog="recovery-console")
    register(parser.add_subparsers())
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            parsed = parser.parse_args(["lab", *args])
            code = int(parsed.handler(parsed))
        except InputError as error:
            print(f"recovery-console: error: {error}", file=err)
            code = EXIT_BAD_INPUT
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return LabRun(code, out.getvalue(), err.getvalue())


@dataclass(frozen=True)
class Lab:
    dir: Path
    up_out: str = ""
    """What ``lab up`` printed."""
    state_home: Path | None = None
    """The ``XDG_STATE_HOME`` that ``lab up`` ran with (where its pointer is)."""

    @property
    def config(self) -> Path:
        return self.dir / "config.toml"

    def state(self) -> LabState:
        state = LabState.load(self.dir)
        assert state is not None
        return state

    def pids(self) -> list[int]:
        return [c.pid for c in self.state().components.values()]


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    base = Path("/var/tmp") / f"rc-lab-test-{secrets.token_hex(4)}"
    lab_dir = base / "lab"
    state_home = Path(tempfile.mkdtemp(prefix="rc-lab-state-"))
    saved_state_home = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(state_home)
    umask = os.umask(0o077)
    try:
        started = run_lab("up", "--dir", str(lab_dir))
    finally:
        os.umask(umask)
    seen: list[int] = []
    try:
        assert started.code == 0, started.err
        seen = Lab(lab_dir).pids()
        yield Lab(lab_dir, started.out, state_home)
    finally:
        state = LabState.load(lab_dir)
        if state is not None:
            seen += [c.pid for c in state.components.values()]
            run_lab("down", "--dir", str(lab_dir))
        shutil.rmtree(base, ignore_errors=True)
        shutil.rmtree(state_home, ignore_errors=True)
        if saved_state_home is None:
            os.environ.pop("XDG_STATE_HOME", None)
        else:
            os.environ["XDG_STATE_HOME"] = saved_state_home
    assert not [pid for pid in seen if pid and pid_alive(pid)], "lab processes outlived it"


@pytest.fixture
def lab_env(lab: Lab, monkeypatch: pytest.MonkeyPatch) -> Lab:
    """No KUBECONFIG in the environment: the lab's config names its kubeconfig itself;
    ``XDG_STATE_HOME`` as ``lab up`` had it, so ``lab`` commands find it without --dir."""
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(lab.state_home))
    return lab


def own_lab(prefix: str) -> Iterator[Path]:
    """A lab of a module's own (``yield from`` it in a module-scoped fixture), for what
    ``lab heal`` cannot undo (a failover promotes DR, a rollback rebuilds a site): the
    session's shared lab must never see it. Stopped and removed afterwards."""
    base = Path("/var/tmp") / f"{prefix}{secrets.token_hex(4)}"
    started = run_lab("up", "--dir", str(base / "lab"))
    try:
        assert started.code == 0, started.err
        yield base / "lab"
    finally:
        run_lab("down", "--dir", str(base / "lab"))
        shutil.rmtree(base, ignore_errors=True)


def status_doc(run_cli: Callable[..., Any], lab_dir: Path) -> dict[str, Any]:
    """What ``status --json`` reports on the lab in ``lab_dir`` (through its config)."""
    done = run_cli("--config", str(lab_dir / "config.toml"), "status", "--json")
    doc: dict[str, Any] = json.loads(done.out)
    return doc


def snap(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """One source's snapshot in a ``status --json`` document."""
    found: dict[str, Any] = doc["sources"][name]["snapshot"]
    return found


def kube_writes(lab_dir: Path, site: str) -> int:
    """How many writes the site's fake Kubernetes API has taken (its admin port counts
    them): what proves a refused or read-only action changed nothing in the cluster."""
    admin = Lab(lab_dir).state().components[f"kube-{site}"].admin_port
    with urllib.request.urlopen(f"http://127.0.0.1:{admin}/writes", timeout=5) as answer:
        return int(json.load(answer)["writes"])
