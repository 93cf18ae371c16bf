"""The session's rules: checks gate completion, reasons are required, read-only refuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.actions import Confirmation, DrillOperations, PlannedAction
from console.backends.drill_journal import DrillFacts, ticket_event, ticket_of
from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.commands.incidents import open_incident_rto_start
from console.config.models import Mode
from console.incident.context import SessionContext
from console.incident.session import CheckFailed, IncidentSession, SessionRefused
from console.incident.state import PhaseStatus, StepStatus
from console.journal.events import (
    CheckEvaluated,
    Declared,
    DrillActed,
    PhaseCompleted,
    PhaseStarted,
    StepCompleted,
    StepStarted,
)
from console.journal.read import read_journal
from console.live.poller import Poller
from console.plan.model import Plan
from services.clock import FrozenClock
from services.drill import DrillEnvironment, drill_sources
from services.models import Site

ASSESSMENT = ["check-system-status", "check-connectivity", "check-alerts", "confirm-incident",
              "notify-incident-commander", "assemble-response-team", "assess-impact",
              "classify-incident", "activate-dr-plan"]


class Rig:
    """A drill environment on a frozen clock, polled on demand, behind a session."""

    def __init__(self, plan: Plan, tmp: Path, scenario: str = "datacenter-failure",
                 mode: Mode = Mode.DRILL) -> None:
        self.clock = FrozenClock(DRILL_EPOCH)
        self.env = DrillEnvironment(self.clock, scenario=scenario, plan=drill_plan(plan))
        self.poller = Poller(drill_sources(self.env), lambda _: 5.0, 4.0, self.clock,
                             lambda _: None)
        self.ctx = SessionContext(plan, mode, self.clock, "alice", tmp / "journal",
                                  readings=lambda: self.poller.latest,
                                  operations=DrillOperations(self.env))

    async def at(self, minutes: float) -> None:
        self.clock.set(DRILL_EPOCH + timedelta(minutes=minutes))
        await self.poller.poll_once()

    def session(self) -> IncidentSession:
        session = IncidentSession.new(self.ctx)
        session.declare("primary datacenter lost", incident_id="INC-TEST")
        session.classify("P1")
        return session


def test_classify_opens_the_plan_phases_and_starts_the_first(plan: Plan, tmp_path: Path) -> None:
    session = Rig(plan, tmp_path).session()
    state = session.state
    assert state.severity == "P1"
    assert [p.id for p in state.phases][:2] == ["assessment", "manual-failover"]
    assert state.current_phase == "assessment"
    assert state.step("check-system-status").status is StepStatus.ACTIVE  # type: ignore[union-attr]
    kinds = [type(e) for e in session.events[-2:]]
    assert kinds == [PhaseStarted, StepStarted]


async def test_failing_check_refuses_completion_and_override_is_journaled(
        plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path)
    await rig.at(5)  # primary down since 2m; DR not scaled up: its health fails
    session = rig.session()
    before = len(session.events)
    with pytest.raises(CheckFailed, match="check of verify-system-health"):
        session.complete_step("verify-system-health")
    assert isinstance(session.events[-1], CheckEvaluated)
    assert session.events[-1].ok is False
    assert len(session.events) == before + 1  # the evaluation, nothing else
    session.complete_step("verify-system-health", override_reason="checked by hand")
    done = session.state.step("verify-system-health")
    assert done is not None and done.status is StepStatus.DONE
    assert done.override_reason == "checked by hand"
    on_disk = read_journal(session.path).events  # type: ignore[arg-type]
    assert any(isinstance(e, StepCompleted) and e.override_reason == "checked by hand"
               for e in on_disk)


async def test_passing_check_completes_without_override(plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path, scenario="steady")
    await rig.at(0)
    session = rig.session()
    session.complete_step("verify-system-health", override_reason="not needed")
    step = session.state.step("verify-system-health")
    assert step is not None and step.status is StepStatus.DONE
    assert step.check is not None and step.check.ok
    assert step.override_reason is None  # the check held: nothing was overridden


@pytest.mark.parametrize("method", ["skip_step", "fail_step"])
def test_reasons_are_required(plan: Plan, tmp_path: Path, method: str) -> None:
    session = Rig(plan, tmp_path).session()
    count = len(session.events)
    with pytest.raises(SessionRefused, match="reason"):
        getattr(session, method)("check-alerts", "   ")
    with pytest.raises(SessionRefused, match="text"):
        session.note("")
    assert len(session.events) == count
    getattr(session, method)("check-alerts", "not applicable")
    assert session.state.step("check-alerts").reason == "not applicable"  # type: ignore[union-attr]


def test_phase_completes_by_itself_and_the_next_starts(plan: Plan, tmp_path: Path) -> None:
    session = Rig(plan, tmp_path).session()
    for step_id in ASSESSMENT[:-1]:
        session.complete_step(step_id)
    assert session.state.phase("assessment").status is PhaseStatus.ACTIVE  # type: ignore[union-attr]
    session.skip_step("activate-dr-plan", "activated by phone")
    state = session.state
    assert state.phase("assessment").status is PhaseStatus.COMPLETE  # type: ignore[union-attr]
    assert state.current_phase == "manual-failover"
    tail = [(type(e).__name__, getattr(e, "phase", getattr(e, "step", ""))) for e in
            session.events[-3:]]
    assert tail == [("PhaseCompleted", "assessment"), ("PhaseStarted", "manual-failover"),
                    ("StepStarted", "verify-primary-status")]
    assert sum(isinstance(e, PhaseCompleted) for e in session.events) == 1


def test_finished_steps_cannot_be_redone(plan: Plan, tmp_path: Path) -> None:
    session = Rig(plan, tmp_path).session()
    session.complete_step("check-system-status")
    with pytest.raises(SessionRefused, match="already done"):
        session.skip_step("check-system-status", "oops")


async def test_read_only_session_refuses_everything(plan: Plan, tmp_path: Path) -> None:
    writer = Rig(plan, tmp_path).session()
    path = writer.path
    assert path is not None
    writer.close()
    rig = Rig(plan, tmp_path, mode=Mode.READ_ONLY)
    watcher = IncidentSession.resume(rig.ctx, path)
    assert watcher.read_only
    size = path.stat().st_size

    async def confirm(planned: PlannedAction) -> Confirmation:
        raise AssertionError("a read-only session must not ask")

    calls = [lambda: watcher.complete_step("check-system-status", "x"),
             lambda: watcher.skip_step("check-system-status", "x"),
             lambda: watcher.fail_step("check-system-status", "x"),
             lambda: watcher.note("x"), lambda: watcher.resolve("x"),
             lambda: watcher.classify("P2"), lambda: watcher.declare("again")]
    for call in calls:
        with pytest.raises(SessionRefused, match="read-only"):
            call()
    with pytest.raises(SessionRefused, match="read-only"):
        await watcher.run_action("notify-incident-commander", confirm)
    assert path.stat().st_size == size
    assert watcher.state == writer.state


async def test_actions_need_an_operations_adapter(plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path, mode=Mode.INCIDENT)
    session = IncidentSession.new(SessionContext(plan, Mode.INCIDENT, rig.clock, "bob",
                                                 tmp_path / "j"))
    session.declare("real one")
    session.classify("P1")

    async def confirm(planned: PlannedAction) -> Confirmation:
        return Confirmation(confirmed=True)

    with pytest.raises(SessionRefused, match="no operations adapter"):
        await session.run_action("notify-incident-commander", confirm)


async def test_action_runs_on_the_drill_and_is_journaled(plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path)
    session = rig.session()
    asked: list[PlannedAction] = []

    async def confirm(planned: PlannedAction) -> Confirmation:
        asked.append(planned)
        return Confirmation(confirmed=True)

    outcome = await session.run_action("notify-incident-commander", confirm)
    assert outcome.status == "succeeded"
    assert asked[0].description.startswith("Send notification")
    kinds = [e.type for e in session.events[-3:]]
    assert kinds == ["action-requested", "action-confirmed", "action-succeeded"]


def test_resume_gives_the_same_state_and_clocks(plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path)
    first = rig.session()
    rig.clock.advance(timedelta(minutes=3))
    first.complete_step("check-system-status")
    first.note("paged the DBA")
    state, clocks = first.state, first.clocks()
    first.close()
    again = IncidentSession.resume(rig.ctx, first.path)  # type: ignore[arg-type]
    assert again.state == state
    assert again.clocks() == clocks
    assert again.state.next_step == "check-connectivity"


async def test_a_second_action_is_refused_while_one_is_in_flight(
        plan: Plan, tmp_path: Path) -> None:
    import asyncio

    rig = Rig(plan, tmp_path)
    session = rig.session()
    release = asyncio.Event()

    async def slow_confirm(planned: PlannedAction) -> Confirmation:
        await release.wait()
        return Confirmation(confirmed=True)

    first = asyncio.create_task(session.run_action("notify-incident-commander", slow_confirm))
    await asyncio.sleep(0)
    assert session.running_action == "notify-incident-commander"
    size = len(session.events)
    with pytest.raises(SessionRefused,
                       match="an action is already running: notify-incident-commander"):
        await session.run_action("notify-incident-commander", slow_confirm)
    assert len(session.events) == size  # the refusal journaled nothing
    release.set()
    assert (await first).status == "succeeded"
    assert session.running_action is None
    kinds = [e.type for e in session.events[-3:]]
    assert kinds == ["action-requested", "action-confirmed", "action-succeeded"]


def test_declare_makes_a_private_journal_dir(plan: Plan, tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        Rig(plan, tmp_path).session().close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "journal").stat().st_mode) == 0o700


def test_a_journal_write_error_is_a_refusal_naming_the_file(
        plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from console.incident.session import JournalUnavailable

    session = Rig(plan, tmp_path).session()

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(JournalUnavailable, match="No space left on device") as caught:
        session.note("lost")
    assert str(session.path) in str(caught.value)
    monkeypatch.undo()
    with pytest.raises(SessionRefused, match="journal is closed"):
        session.note("still refused")


def test_a_drill_declaration_records_the_drill_and_the_disruption(
        plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path)
    rig.clock.set(DRILL_EPOCH + timedelta(minutes=4))
    wall = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    facts = DrillFacts("datacenter-failure", 0, 60.0, DRILL_EPOCH)
    ctx = replace(rig.ctx, drill=facts, wall=lambda: wall, scenario="datacenter-failure")
    too_late = IncidentSession.new(ctx)
    with pytest.raises(SessionRefused, match="later than the declaration"):
        too_late.declare("x", disruption_at=rig.clock.now() + timedelta(seconds=1))
    session = IncidentSession.new(ctx)
    disrupted = DRILL_EPOCH + timedelta(minutes=2, seconds=15)
    session.declare("dc lost", disruption_at=disrupted, disruption_source="health/primary")
    declared = session.events[0]
    assert isinstance(declared, Declared)
    assert (declared.seed, declared.speed, declared.drill_epoch, declared.wall_at) == (
        0, 60.0, DRILL_EPOCH, wall)
    assert (declared.disruption_at, declared.disruption_source) == (disrupted, "health/primary")
    assert session.state.rto_start == disrupted


async def test_drill_actions_are_journaled_once_declared(plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path)
    session = IncidentSession.new(rig.ctx)
    rig.env.on_action(lambda ticket: session.record_drill_action(ticket_event(ticket)))
    await rig.env.scale(Site.DR, "erlmcp", "erlmcp", 1)  # before the declaration: no journal
    session.declare("dc lost")
    await rig.env.promote_postgres(Site.DR)
    acted = [e for e in session.events if isinstance(e, DrillActed)]
    assert [ticket_of(e) for e in acted] == [rig.env.actions[-1]]
    assert read_journal(session.path or Path()).events == session.events


def test_status_counts_rtos_from_the_open_incident_of_its_kind(plan: Plan,
                                                               tmp_path: Path) -> None:
    """``status`` takes the RTO start the checklist uses: the open incident's disruption."""
    rig = Rig(plan, tmp_path, mode=Mode.INCIDENT)
    rig.clock.set(DRILL_EPOCH + timedelta(minutes=4))
    journal_dir = tmp_path / "journal"
    assert open_incident_rto_start(plan, journal_dir, drill=False) is None
    session = IncidentSession.new(rig.ctx)
    disrupted = DRILL_EPOCH + timedelta(minutes=1)
    session.declare("dc lost", disruption_at=disrupted, disruption_source="health/primary")
    session.close()
    assert open_incident_rto_start(plan, journal_dir, drill=False) == disrupted
    assert open_incident_rto_start(plan, journal_dir, drill=True) is None  # not a drill's
