"""A whole tabletop drill of the datacenter-failure scenario, driven by keys through Pilot.

Declare, classify P1, walk every phase P1 opens (assessment, manual failover, application
recovery, configuration, verification, post-recovery) with the actions on the drill
environment (switch, promote, scale, DNS complete as drill time passes), resolve; with no
override anywhere and nothing done behind the console's back. Then the journal file alone
must tell every step with its times and every action.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.models import DrillSettings, Mode
from console.config.settings import Settings
from console.incident.clocks import drill_results
from console.journal.events import (
    ActionConfirmed,
    ActionRequested,
    ActionSucceeded,
    Declared,
    DrillActed,
    Resolved,
    StepCompleted,
    StepStarted,
)
from console.journal.read import read_journal
from console.shell.app import RecoveryConsoleApp, make_app
from screens.dashboard.backups import BackupsPane
from screens.modals.confirm import ConfirmActionModal
from services.clock import FrozenClock
from services.drill import DrillEnvironment
from services.models import BackupSnapshot, Site
from tests.services.drill.conftest import renamed_plan
from tests.ui.checklist_rig import PLAN, at, build, declare, session_of, settle

WALKED = next(c.phases for c in PLAN.classification if c.severity == "P1")


async def _act(pilot: Pilot[int], override: str | None = None) -> None:
    """``a`` on the selected step, confirm (with an override reason if a gate blocks)."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmActionModal)
    planned = pilot.app.screen.planned
    if override is not None:
        assert planned.blocking
        await pilot.press(*override)
        await pilot.press("tab")
    if planned.needs_site_name:  # destructive, or past a gate: the site's name is typed
        await pilot.press(*planned.site_name)
    await pilot.press("enter")
    await settle(pilot)


async def _walk(pilot: Pilot[int], app: RecoveryConsoleApp, phase: str,
                minute: list[float]) -> None:
    """Every step of ``phase`` in order, as the checklist presents it: the action (if
    any) with no override, then Space; drill time runs on while its effect lands."""
    for step in PLAN.phase(phase).steps:
        assert app.checklist.selected_step_id() == step.id, phase
        if step.action is not None:
            await _act(pilot)
        if step.action is not None or step.check is not None:
            minute[0] += 2  # the drill runs on: tickets (promote, scale, DNS) complete
            await at(app, minute[0])
        await pilot.press("space")
        await settle(pilot)
        state = session_of(app).state.step(step.id)
        assert state is not None and state.finished, (step.id, state)


async def test_datacenter_failure_drill(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(app, 0)  # the console watched the primary before it went dark: the
        await at(app, 3)  # promote's data-loss gate measures from its last WAL position
        await declare(pilot)
        minute = [3.0]
        for phase in WALKED:
            await _walk(pilot, app, phase, minute)
        await pilot.press("R")
        await pilot.pause()
        await pilot.press(*"failover complete", "enter")
        await settle(pilot)
        state = session_of(app).state
        path = session_of(app).path
    assert state.resolved
    assert path is not None
    events = read_journal(path).events
    assert events == session_of(app).events  # what the app saw is what is on disk
    for phase in WALKED:
        for step in PLAN.phase(phase).steps:
            started = [e for e in events if isinstance(e, StepStarted) and e.step == step.id]
            done = [e for e in events if isinstance(e, StepCompleted) and e.step == step.id]
            assert len(started) == 1 and len(done) == 1, step.id
            assert started[0].at is not None and done[0].at is not None
            assert started[0].at <= done[0].at
            assert done[0].override_reason is None, step.id  # every check really held
            if step.action is not None:
                kinds = {type(e) for e in events if getattr(e, "step", None) == step.id}
                assert {ActionRequested, ActionConfirmed, ActionSucceeded} <= kinds, step.id
    assert not [e for e in events if isinstance(e, ActionConfirmed)
                and (e.override_reason or e.overridden_gates)]
    calls = [e.action for e in events if isinstance(e, ActionSucceeded)]
    assert calls.index("promote-postgres") < calls.index("dns-failover")
    assert calls.index("promote-redis") < calls.index("dns-failover")
    assert isinstance(events[-1], Resolved) and events[-1].summary == "failover complete"
    assert events[-1].unfinished == ()
    results = {r.objective_id: r for r in drill_results(PLAN, state)}
    assert results["app-services"].met is True


def _warped_drill(journal_dir: Path) -> RecoveryConsoleApp:
    """A drill as ``recovery-console drill --scenario datacenter-failure --speed 60 --seed 3``
    starts it: a warped clock, really running (polled by hand)."""
    drill = DrillSettings(scenario="datacenter-failure", speed=60, seed=3)
    settings = Settings(mode=Mode.DRILL, operator="alice", journal_dir=journal_dir, drill=drill)
    return make_app(settings, PLAN, autostart=False)


def _opened_by_cli(run_cli: Any, monkeypatch: pytest.MonkeyPatch,
                   *args: str) -> RecoveryConsoleApp:
    """The app the CLI builds for ``args`` (its terminal run replaced by nothing)."""
    built: list[RecoveryConsoleApp] = []
    monkeypatch.setattr(RecoveryConsoleApp, "run",
                        lambda self, *a, **k: built.append(self))
    assert run_cli(*args).code == 0
    (app,) = built
    return app


def _drill_time_now(declared: Declared) -> datetime:
    """Where the first console's drill clock stands now: x60 since the declaration."""
    assert declared.at is not None and declared.wall_at is not None
    return declared.at + (datetime.now(UTC) - declared.wall_at) * 60


async def test_resume_and_follow_rebuild_the_drill_at_its_simulated_time(
        run_cli: Any, isolated_environment: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal_dir = isolated_environment / "state" / "recovery-console" / "journal"
    first = _warped_drill(journal_dir)
    async with first.run_test(size=(120, 36)) as pilot:
        await first.monitor.poller.poll_once()
        await declare(pilot)
        # Scale the DR site up from the checklist: the drill records a ticket, journaled.
        await pilot.press("right_square_bracket", *["down"] * 5)  # Manual Failover, scale-up
        await pilot.pause()
        assert first.checklist.selected_step_id() == "failover-scale-up"
        await _act(pilot)
        path = session_of(first).path
    assert path is not None
    declared = read_journal(path).events[0]
    assert isinstance(declared, Declared) and declared.speed == 60 and declared.seed == 3
    assert any(isinstance(e, DrillActed) for e in read_journal(path).events)

    for args in (("resume", declared.incident_id), ("--follow", declared.incident_id)):
        app = _opened_by_cli(run_cli, monkeypatch, *args)
        assert app.drill is not None, args
        assert (app.drill.scenario.name, app.drill.seed, app.settings.drill.speed) == (
            "datacenter-failure", 3, 60)
        assert app.drill.started_at == declared.drill_epoch
        assert app.drill.read_only is (args[0] == "--follow")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            now = app.monitor.clock.now()
            assert abs(now - _drill_time_now(declared)) < timedelta(seconds=60), args
            clocks = session_of(app).clocks(now)
            assert clocks.elapsed == now - declared.at  # on the drill clock, not the wall's
            assert clocks.elapsed < timedelta(hours=2)
            assert app.drill.world().scaled(Site.DR, "erlmcp")[1] == 3  # the ticket, replayed
            header = str(app.checklist.query_one("#incident-line", Static).render())
            shown = re.search(r"T\+(\d+):(\d\d):(\d\d)", header)
            assert shown is not None, header
            hours, minutes, seconds = (int(g) for g in shown.groups())
            on_screen = timedelta(hours=hours, minutes=minutes, seconds=seconds)
            # Drawn a moment ago, at x60: within two simulated minutes of the clock now.
            assert abs(on_screen - clocks.elapsed) < timedelta(minutes=2), header


async def test_a_drill_on_a_custom_plan_shows_that_plans_backups(tmp_path: Path) -> None:
    """A schedule and a store renamed in the loaded plan: the drill produces backups under
    the new names, and the dashboard's Backups pane shows them (not "?")."""
    plan = renamed_plan(tmp_path)
    drill = DrillEnvironment(FrozenClock(DRILL_EPOCH), scenario="steady",
                             plan=drill_plan(plan))
    app = make_app(Settings(mode=Mode.DRILL, operator="alice", journal_dir=tmp_path / "j"),
                   plan, drill=drill, autostart=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.monitor.poller.poll_once()
        await pilot.pause()
        snapshot = app.monitor.poller.latest["backups"].snapshot
        assert isinstance(snapshot, BackupSnapshot)
        pairs = {(e.component, e.target) for e in snapshot.entries}
        assert ("pg-nightly", "s3-eu-west") in pairs
        assert all("postgres-full" not in pair for pair in pairs)
        cell = app.get_screen("dashboard").query_one(BackupsPane).grid.cell("pg-nightly",
                                                                            "s3-eu-west")
        assert cell.text.startswith("ok "), cell.text
