"""A whole tabletop drill of the datacenter-failure scenario, driven by keys through Pilot.

Declare, classify P1, walk assessment, manual failover and verification using the
actions on the drill environment (promote/scale/DNS complete as drill time passes),
resolve; then the journal file alone must tell every step with its times and every action.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from console.incident.clocks import drill_results
from console.journal.events import (
    ActionConfirmed,
    ActionRequested,
    ActionSucceeded,
    Resolved,
    StepCompleted,
    StepStarted,
)
from console.journal.read import read_journal
from console.shell.app import RecoveryConsoleApp
from screens.modals.confirm import ConfirmActionModal
from services.models import Site
from tests.ui.checklist_rig import PLAN, at, build, declare, finish_phase, session_of, settle

WALKED = ("assessment", "manual-failover", "verification")


async def _act(pilot: Pilot[int], override: str | None = None) -> None:
    """``a`` on the selected step, confirm (with an override reason if a gate blocks)."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmActionModal)
    if override is not None:
        assert pilot.app.screen.planned.blocking
        await pilot.press(*override)
    await pilot.press("enter")
    await settle(pilot)


async def _walk(pilot: Pilot[int], app: RecoveryConsoleApp, phase: str, minute: list[float],
                overrides: dict[str, str]) -> None:
    for step in PLAN.phase(phase).steps:
        assert app.checklist.selected_step_id() == step.id
        if step.action is not None:
            await _act(pilot, overrides.get(step.id))
            minute[0] += 5  # the drill runs on: tickets (scale, DNS) complete
            await at(app, minute[0])
        if step.id == "failover-update-dns":
            # The plan has no promote action: the DBA promotes the DR standby by hand
            # (pg_ctl promote), which the drill environment plays like any command.
            assert app.drill is not None
            await app.drill.promote_postgres(Site.DR)
        await pilot.press("space")
        await settle(pilot)
        state = session_of(app).state.step(step.id)
        assert state is not None and state.finished, (step.id, state)


async def test_datacenter_failure_drill(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    overrides = {"failover-update-dns": "primary is gone; DR scaled up next"}
    async with app.run_test(size=(120, 36)) as pilot:
        await at(app, 3)
        await declare(pilot)
        minute = [3.0]
        for phase in WALKED[:2]:
            await _walk(pilot, app, phase, minute, overrides)
        for phase in ("postgres-recovery", "redis-recovery", "application-recovery",
                      "configuration"):
            finish_phase(app, phase, "skip")
        await _walk(pilot, app, "verification", minute, overrides)
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
            if step.action is not None:
                kinds = {type(e) for e in events if getattr(e, "step", None) == step.id}
                assert {ActionRequested, ActionConfirmed, ActionSucceeded} <= kinds, step.id
    dns = next(e for e in events if isinstance(e, ActionConfirmed)
               and e.step == "failover-update-dns")
    assert dns.overridden_gates == ("dr-health",)
    assert dns.override_reason == overrides["failover-update-dns"]
    scale = next(e for e in events if isinstance(e, StepCompleted)
                 and e.step == "failover-scale-up")
    assert scale.override_reason is None  # the DR deployment really was ready
    assert isinstance(events[-1], Resolved) and events[-1].summary == "failover complete"
    results = {r.objective_id: r for r in drill_results(PLAN, state)}
    assert results["app-services"].achieved is not None
