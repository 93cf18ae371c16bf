"""Opening phases by hand, reclassifying, and resolving with work left: each journaled,
each folded the same by a console that resumes the journal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from console.incident.fold import fold
from console.incident.session import IncidentSession, SessionRefused, UnfinishedPhases
from console.journal.events import Classified, PhaseOpened, Resolved
from console.journal.read import read_journal
from console.plan.model import Plan
from tests.unit.incident.test_session import Rig

P1_PHASES = ["assessment", "manual-failover", "application-recovery", "configuration",
             "verification", "post-recovery"]


def _phases(session: IncidentSession) -> list[str]:
    return [p.id for p in session.state.phases]


def _resumed(rig: Rig, session: IncidentSession) -> IncidentSession:
    assert session.path is not None
    session.close()
    return IncidentSession.resume(rig.ctx, session.path)


def test_an_optional_phase_opens_with_a_reason_and_its_steps_can_be_worked(
        plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path)
    session = rig.session()
    with pytest.raises(SessionRefused, match="not in an open phase"):
        session.skip_step("rollback-initiate", "n/a")
    with pytest.raises(SessionRefused, match="reason"):
        session.open_phase("rollback", "  ")
    with pytest.raises(SessionRefused, match="not in the plan"):
        session.open_phase("moon-landing", "why not")
    session.open_phase("rollback", "DR unstable: prepare to go back")
    assert _phases(session) == [*P1_PHASES, "rollback"]
    assert session.state.phase("rollback").opened_reason == (  # type: ignore[union-attr]
        "DR unstable: prepare to go back")
    session.skip_step("rollback-initiate", "primary still dark")
    with pytest.raises(SessionRefused, match="already open"):
        session.open_phase("rollback", "again")
    opened = [e for e in read_journal(session.path).events  # type: ignore[arg-type]
              if isinstance(e, PhaseOpened)]
    assert [(e.phase, e.reason) for e in opened] == [("rollback",
                                                      "DR unstable: prepare to go back")]
    resumed = _resumed(rig, session)
    assert resumed.state == fold(plan, read_journal(resumed.path).events)  # type: ignore[arg-type]
    assert _phases(resumed) == [*P1_PHASES, "rollback"]


def test_reclassify_raises_and_lowers_with_a_reason(plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path)
    session = IncidentSession.new(rig.ctx)
    session.declare("sessions flaky", incident_id="INC-RECLASS")
    session.classify("P3")
    assert "manual-failover" not in _phases(session)
    with pytest.raises(SessionRefused, match="reason to reclassify P3 -> P1"):
        session.classify("P1")
    with pytest.raises(SessionRefused, match="already P3"):
        session.classify("P3", "same")
    session.skip_step("check-system-status", "seen on the dashboard")
    session.classify("P1", "primary datacenter lost after all")  # raise
    assert session.state.severity == "P1"
    assert "manual-failover" in _phases(session)
    assert "redis-recovery" not in _phases(session)  # untouched P3 phase: closed
    session.classify("P2", "customers on DR, impact smaller")  # lower
    assert session.state.severity == "P2"
    kinds = [(e.severity, e.reason) for e in session.events if isinstance(e, Classified)]
    assert kinds == [("P3", ""), ("P1", "primary datacenter lost after all"),
                     ("P2", "customers on DR, impact smaller")]
    resumed = _resumed(rig, session)
    assert resumed.state.severity == "P2" and _phases(resumed) == _phases(session)


def test_lowering_keeps_phases_already_worked_on(plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path)
    session = rig.session()  # P1
    session.skip_step("verify-primary-status", "obvious")
    session.classify("P4", "false alarm: a monitoring outage")
    assert _phases(session) == ["assessment", "manual-failover"]  # history stays visible


def test_resolving_with_unfinished_phases_needs_a_reason(plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path)
    session = rig.session()
    count = len(session.events)
    with pytest.raises(UnfinishedPhases, match="6 phases unfinished") as refused:
        session.resolve("done")
    assert refused.value.phases == tuple(P1_PHASES)
    assert len(session.events) == count  # nothing journaled
    session.resolve("done", unfinished_reason="tabletop ended early")
    last = read_journal(session.path).events[-1]  # type: ignore[arg-type]
    assert isinstance(last, Resolved)
    assert last.unfinished == tuple(P1_PHASES)
    assert last.unfinished_reason == "tabletop ended early"
    assert session.state.unfinished_reason == "tabletop ended early"


def test_resolving_a_finished_incident_needs_no_reason(plan: Plan, tmp_path: Path) -> None:
    rig = Rig(plan, tmp_path)
    session = IncidentSession.new(rig.ctx)
    session.declare("noise", incident_id="INC-P4")
    session.classify("P4")
    for step in plan.phase("assessment").steps:
        session.skip_step(step.id, "false alarm")
    session.resolve("false alarm")
    last = session.events[-1]
    assert isinstance(last, Resolved) and last.unfinished == ()
    assert last.unfinished_reason is None
