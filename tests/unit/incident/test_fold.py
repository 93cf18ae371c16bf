"""fold(): examples of what the incident state says after a given journal."""

from __future__ import annotations

from datetime import timedelta

from console.incident.fold import fold
from console.incident.state import ActionStatus, PhaseStatus, StepStatus
from console.journal.events import (
    ActionConfirmed,
    ActionRequested,
    ActionSucceeded,
    CheckEvaluated,
    CommsDrafted,
    Note,
    PhaseCompleted,
    PhaseStarted,
    Resolved,
    StepCompleted,
    StepFailed,
    StepSkipped,
    StepStarted,
)
from console.plan.model import Plan
from tests.unit.incident.builders import START, classified, declared, stamped


def test_declared_and_classified_opens_the_severity_phases_in_plan_order(plan: Plan) -> None:
    state = fold(plan, stamped([declared(drill=True), classified("P3")]))
    assert (state.id, state.title, state.drill) == ("INC-20260101-0200-ab12", "Primary down", True)
    assert state.declared_at == START
    assert (state.severity, state.response) == ("P3", "local-recovery")
    assert [p.id for p in state.phases] == [
        "assessment", "postgres-recovery", "redis-recovery", "verification"]
    assert all(p.status is PhaseStatus.PENDING for p in state.phases)
    assert state.current_phase == "assessment"
    assert state.next_step == plan.phase("assessment").steps[0].id
    assert state.warnings == ()


def test_step_lifecycle_and_current_phase_moves_on(plan: Plan) -> None:
    steps = [s.id for s in plan.phase("assessment").steps]
    events = [declared(), classified("P4"), StepStarted(step=steps[0], operator="bob"),
              CheckEvaluated(step=steps[0], ok=False, detail="primary 503"),
              StepCompleted(step=steps[0], override_reason="known outage"),
              StepSkipped(step=steps[1], reason="network team on it"),
              StepFailed(step=steps[2], reason="alertmanager down")]
    state = fold(plan, stamped(events))
    first, second, third = state.phases[0].steps[:3]
    assert first.status is StepStatus.DONE and first.override_reason == "known outage"
    assert first.started_at == START + timedelta(minutes=2)
    assert first.ended_at == START + timedelta(minutes=4)
    assert first.check is not None and not first.check.ok and first.check.detail == "primary 503"
    assert (second.status, second.reason) == (StepStatus.SKIPPED, "network team on it")
    assert (third.status, third.reason) == (StepStatus.FAILED, "alertmanager down")
    assert state.phases[0].status is PhaseStatus.ACTIVE
    assert state.next_step == steps[2]  # a failed step still needs doing
    assert state.operators == ("alice", "bob")

    rest = [e for s in steps[2:] for e in (StepStarted(step=s), StepCompleted(step=s))]
    done = fold(plan, stamped([*events, *rest]))
    assert done.phases[0].status is PhaseStatus.COMPLETE
    assert done.phases[0].completed_at == done.phases[0].steps[-1].ended_at
    assert (done.current_phase, done.next_step) == (None, None)


def test_finished_steps_stay_finished(plan: Plan) -> None:
    step = plan.phase("assessment").steps[0].id
    state = fold(plan, stamped([declared(), classified("P4"), StepCompleted(step=step),
                                StepStarted(step=step), StepFailed(step=step, reason="x")]))
    assert state.step(step) is not None and state.step(step).status is StepStatus.DONE
    assert len(state.warnings) == 2 and "already done" in state.warnings[0]


def test_actions_notes_comms_and_resolution(plan: Plan) -> None:
    step = "pg-restore-database"
    events = [declared(), classified("P1"),
              ActionRequested(step=step, action="restore-postgres", description="restore on dr"),
              ActionConfirmed(step=step, action="restore-postgres"),
              ActionSucceeded(step=step, action="restore-postgres", output="ok", duration_s=4.5),
              Note(text="restored"), CommsDrafted(template="initial", body="we are down"),
              Resolved(summary="back")]
    state = fold(plan, stamped(events))
    (action,) = state.step(step).actions
    assert action.status is ActionStatus.SUCCEEDED
    assert (action.output, action.duration_s, action.description) == ("ok", 4.5, "restore on dr")
    assert action.requested_at == START + timedelta(minutes=2)
    assert action.confirmed_at == START + timedelta(minutes=3)
    assert [n.text for n in state.notes] == ["restored"]
    assert [(c.kind, c.text) for c in state.comms] == [("initial", "we are down")]
    assert state.resolved and state.resolved_at == START + timedelta(minutes=7)
    assert state.summary == "back"


def test_optional_phase_opens_on_demand(plan: Plan) -> None:
    state = fold(plan, stamped([declared(), classified("P4"),
                                PhaseStarted(phase="rollback")]))
    assert [p.id for p in state.phases] == ["assessment", "rollback"]
    assert state.phase("rollback").status is PhaseStatus.ACTIVE


def test_unknown_ids_are_kept_and_flagged(plan: Plan) -> None:
    events = [declared(), classified("P4"), StepStarted(step="from-another-plan"),
              StepCompleted(step="from-another-plan"), PhaseStarted(phase="mystery"),
              PhaseCompleted(phase="mystery")]
    state = fold(plan, stamped(events))
    (unknown,) = state.unknown_steps
    assert (unknown.id, unknown.known, unknown.status) == ("from-another-plan", False,
                                                           StepStatus.DONE)
    mystery = state.phase("mystery")
    assert mystery is not None and not mystery.known
    assert mystery.status is PhaseStatus.COMPLETE
    assert state.current_phase == "assessment"  # unknown phases never become current
    assert len(state.warnings) == 2
    assert any("from-another-plan" in w for w in state.warnings)


def test_reclassification_keeps_phases_with_progress(plan: Plan) -> None:
    events = [declared(), classified("P1"), StepStarted(step="pg-identify-backup"),
              classified("P4")]
    state = fold(plan, stamped(events))
    assert state.severity == "P4"
    assert [p.id for p in state.phases] == ["assessment", "postgres-recovery"]
