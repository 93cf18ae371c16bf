"""Never lose track of an action: a console killed (kill -9) between confirmation and
result leaves the action confirmed; resume journals it as interrupted, outcome unknown,
re-evaluates the step's check before anything runs again, and shows the earlier attempt."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from console.actions import Confirmation, PlannedAction
from console.backends.real_ops import RealOperations
from console.commands.incidents import resolve_incident_path
from console.config.models import Mode
from console.config.settings import Settings
from console.errors import InputError
from console.incident.context import SessionContext
from console.incident.session import IncidentSession
from console.incident.state import ActionStatus
from console.journal.events import ActionUnknown, CheckEvaluated
from console.journal.read import read_journal
from console.journal.writer import writer_active
from console.plan import load_plan
from services.clock import SystemClock

CHILD = '''
import asyncio, sys
from pathlib import Path
from console.actions import Confirmation
from console.backends.real_ops import RealOperations
from console.config.models import Mode
from console.config.settings import Settings
from console.config.settings import Settings
from console.incident.context import SessionContext
from console.incident.session import IncidentSession
from console.plan import load_plan
from services.clock import SystemClock

plan, journal_dir = load_plan(Path(sys.argv[1])), Path(sys.argv[2])
ops = RealOperations(Settings(mode=Mode.INCIDENT), [])
ctx = SessionContext(plan, Mode.INCIDENT, SystemClock(), "alice", journal_dir, operations=ops)
session = IncidentSession.new(ctx)
session.declare("kill -9 mid-action", incident_id="killed")
session.classify("P1")

async def yes(planned):
    return Confirmation(confirmed=True)

asyncio.run(session.run_action("confirm", yes))
'''


def _plan(tmp_path: Path, mini_plan_text: str) -> Path:
    script = tmp_path / "slow.sh"
    script.write_text(f'#!/bin/sh\necho $$ > {tmp_path}/slow.pid\nexec sleep 60\n')
    script.chmod(0o755)
    text = mini_plan_text.replace(
        'action = { kind = "scale-deployment", site = "dr", deployment = "erlmcp", '
        'replicas = 3 }', f'action = {{ kind = "run-script", path = "{script}", '
        'timeout = "5m" }')
    assert "run-script" in text
    path = tmp_path / "plan.toml"
    path.write_text(text)
    return path


def _wait_for(predicate: object, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_kill_9_between_confirm_and_result_then_resume(tmp_path: Path,
                                                       mini_plan_text: str) -> None:
    plan_file, journal_dir = _plan(tmp_path, mini_plan_text), tmp_path / "journal"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(plan_file), str(journal_dir)],
                             cwd=Path(__file__).parents[3])
    journal = journal_dir / "killed.jsonl"
    pid_file = tmp_path / "slow.pid"
    try:
        _wait_for(lambda: pid_file.exists() and journal.exists()
                  and "action-confirmed" in journal.read_text())
        assert writer_active(journal)  # the console is alive: the action is in flight
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        child.kill()
        if pid_file.exists():
            with_pid = int(pid_file.read_text())
            with contextlib.suppress(ProcessLookupError):
                os.kill(with_pid, signal.SIGKILL)
    assert child.returncode == -signal.SIGKILL
    assert not writer_active(journal)
    types = [e.type for e in read_journal(journal).events]
    assert types[-1] == "action-confirmed"  # what the dead console left behind

    plan = load_plan(plan_file)
    ops = RealOperations(Settings(mode=Mode.INCIDENT), [])
    ctx = SessionContext(plan, Mode.INCIDENT, SystemClock(), "bob", journal_dir,
                         operations=ops)
    session = IncidentSession.resume(ctx, journal)
    assert session.interrupted == ("confirm: run-script interrupted — outcome unknown",)
    last = session.state.step("confirm")
    assert last is not None
    record = last.actions[-1]
    assert record.status is ActionStatus.UNKNOWN and record.interrupted
    assert record.label == "interrupted — outcome unknown"
    settled = session.events[-1]
    assert isinstance(settled, ActionUnknown) and settled.interrupted

    asked: list[PlannedAction] = []

    async def look(planned: PlannedAction) -> Confirmation:
        asked.append(planned)
        return Confirmation(confirmed=False)

    asyncio.run(session.run_action("confirm", look))
    assert asked[0].earlier is not None
    assert "run-script interrupted — outcome unknown" in asked[0].earlier
    assert "by alice" in asked[0].earlier
    after = [e.type for e in session.events][len(types) + 1:]
    assert after[:2] == ["check-evaluated", "action-requested"]  # the check spoke first
    check = session.events[len(types) + 1]
    assert isinstance(check, CheckEvaluated) and check.step == "confirm"
    session.close()

    again = IncidentSession.resume(ctx, journal)  # settled once: nothing new to settle
    assert again.interrupted == ()
    again.close()


def test_resume_names_an_unreadable_journal(tmp_path: Path) -> None:
    journal_dir = tmp_path / "journal"
    journal_dir.mkdir()
    (journal_dir / "2026-bad.jsonl").write_text("{not json\n")
    with pytest.raises(InputError, match=r"2026-bad\.jsonl is unreadable"):
        resolve_incident_path(journal_dir, None)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no open incident to resume"):
        resolve_incident_path(empty, None)
    assert load_plan() is not None
