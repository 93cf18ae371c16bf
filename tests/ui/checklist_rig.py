"""Helpers for the checklist tests: an app on a frozen drill clock with its own journal dir."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot

from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.models import Mode
from console.config.settings import Settings
from console.incident.session import IncidentSession
from console.plan import load_plan
from console.shell.app import RecoveryConsoleApp, make_app
from services.clock import FrozenClock
from services.drill import DrillEnvironment

PLAN = load_plan()
SIZE = (120, 36)


def build(journal_dir: Path, *, scenario: str = "datacenter-failure",
          mode: Mode = Mode.DRILL, clock: FrozenClock | None = None,
          resume: Path | None = None, follow: Path | None = None) -> RecoveryConsoleApp:
    """The real app, polled by hand (``at``), journaling into ``journal_dir``."""
    settings = Settings(mode=mode, operator="test-operator", journal_dir=journal_dir)
    drill = DrillEnvironment(clock or FrozenClock(DRILL_EPOCH), seed=0, scenario=scenario,
                             plan=drill_plan(PLAN), started_at=DRILL_EPOCH)
    app = make_app(settings, PLAN, drill=drill, autostart=False, resume=resume, follow=follow)

    async def drill_sleep(seconds: float) -> None:
        """wait-for-health's pause: drill time passes and the sources are polled again."""
        frozen(app).advance(timedelta(seconds=seconds))
        await app.monitor.poller.poll_once()

    app.context = replace(app.context, sleep=drill_sleep)
    return app


def frozen(app: RecoveryConsoleApp) -> FrozenClock:
    clock = app.monitor.clock
    assert isinstance(clock, FrozenClock)
    return clock


async def at(app: RecoveryConsoleApp, minutes: float) -> None:
    """Move drill time to T+``minutes`` (never back) and poll every source once."""
    clock = frozen(app)
    clock.set(max(clock.now(), DRILL_EPOCH + timedelta(minutes=minutes)))
    await app.monitor.poller.poll_once()
    app.checklist.refresh_view()


async def settle(pilot: Pilot[int]) -> None:
    """Let workers (actions) and screen changes finish."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def declare(pilot: Pilot[int], title: str = "primary datacenter lost",
                  severity_downs: int = 0) -> None:
    """``i``, type the title, Enter, pick the severity (Down ``severity_downs`` times), Enter."""
    await pilot.press("i")
    await pilot.pause()
    await pilot.press(*title)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*(["down"] * severity_downs))
    await pilot.press("enter")
    await settle(pilot)


async def answer(pilot: Pilot[int], text: str) -> None:
    """Type into the open text modal and submit it."""
    await pilot.pause()
    await pilot.press(*text)
    await pilot.press("enter")
    await settle(pilot)


def fixed_ids(monkeypatch: object) -> None:
    """Incident ids without their random suffix, so snapshots are stable."""
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr("console.incident.session.new_incident_id",
                        lambda now: f"INC-{now:%Y%m%d-%H%M}-test")


def session_of(app: RecoveryConsoleApp) -> IncidentSession:
    assert app.session is not None
    return app.session


def finish_phase(app: RecoveryConsoleApp, phase_id: str, how: str = "done") -> None:
    """Finish every open step of a phase through the session (overriding failing checks)."""
    session = session_of(app)
    for step in PLAN.phase(phase_id).steps:
        state = session.state.step(step.id)
        if state is None or state.finished:
            continue
        if how == "done":
            session.complete_step(step.id, override_reason="tabletop: checked by hand")
        else:
            session.skip_step(step.id, "not part of this drill")
    app.checklist.refresh_view()
