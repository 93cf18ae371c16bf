"""Clocks and drill results: budgets from the plan's RTOs, measured from the disruption
(the declaration in journals that do not record one)."""

from __future__ import annotations

from datetime import timedelta

from console.incident.clocks import Level, compute_clocks, drill_results
from console.incident.fold import fold
from console.journal.events import Event, Resolved, StepCompleted, StepStarted
from console.plan.model import Plan
from tests.unit.incident.builders import START, classified, declared, stamped


def _assessment(plan: Plan) -> list[Event]:
    """Every assessment step started and completed (all count against app-services)."""
    return [e for s in plan.phase("assessment").steps
            for e in (StepStarted(step=s.id), StepCompleted(step=s.id))]


def test_rto_levels_follow_the_fraction_of_the_budget_spent(plan: Plan) -> None:
    state = fold(plan, stamped([declared(), classified("P1")]))
    budget = timedelta(minutes=30)  # app-services in the default plan
    for minutes, level in [(0, Level.OK), (22, Level.OK), (22.5, Level.WARNING),
                           (30, Level.WARNING), (30.01, Level.BREACHED)]:
        clock = compute_clocks(plan, state, START + timedelta(minutes=minutes)).objective(
            "app-services")
        assert clock is not None
        assert clock.budget == budget
        assert clock.spent == timedelta(minutes=minutes)
        assert clock.remaining == budget - timedelta(minutes=minutes)
        assert clock.level is level, minutes


def test_resolution_freezes_every_clock(plan: Plan) -> None:
    events = stamped([declared(), classified("P4"), StepStarted(step="check-system-status"),
                      Resolved()])
    state = fold(plan, events)
    at_resolution = compute_clocks(plan, state, START + timedelta(minutes=3))
    much_later = compute_clocks(plan, state, START + timedelta(days=2))
    assert much_later.elapsed == at_resolution.elapsed == timedelta(minutes=3)
    assert much_later.objectives == at_resolution.objectives
    assert much_later.steps == at_resolution.steps
    assert not much_later.running
    step = next(s for s in much_later.steps if s.step_id == "check-system-status")
    assert step.spent == timedelta(minutes=1)
    assert step.objective_id == "app-services"
    assert step.objective_remaining == timedelta(minutes=27)


def test_before_declaration_nothing_runs(plan: Plan) -> None:
    state = fold(plan, [])
    clocks = compute_clocks(plan, state, START)
    assert clocks.elapsed == timedelta(0) and not clocks.running
    assert all(o.spent == timedelta(0) for o in clocks.objectives)


def test_phase_and_step_time_spent(plan: Plan) -> None:
    state = fold(plan, stamped([declared(), classified("P4"), *_assessment(plan)]))
    clocks = compute_clocks(plan, state, START + timedelta(hours=1))
    (phase,) = clocks.phases
    assert phase.spent == timedelta(minutes=17)  # first start at +2m, last finish at +19m
    assert all(s.spent == timedelta(minutes=1) for s in clocks.steps)


def test_drill_results_measure_to_the_last_step_of_each_objective(plan: Plan) -> None:
    events = [declared(drill=True), classified("P4"), *_assessment(plan)]
    partial = drill_results(plan, fold(plan, stamped(events[:-1])))
    assert {r.objective_id: r.achieved for r in partial}["app-services"] is None

    results = {r.objective_id: r for r in drill_results(plan, fold(plan, stamped(events)))}
    app = results["app-services"]
    assert app.target == timedelta(minutes=30)
    assert app.achieved == timedelta(minutes=19)
    assert app.met is True
    assert results["database"].achieved is None and results["database"].met is None

    slow = stamped(events, gaps=[timedelta(minutes=5)] * len(events))
    app_slow = {r.objective_id: r for r in drill_results(plan, fold(plan, slow))}["app-services"]
    assert app_slow.achieved == timedelta(minutes=95) and app_slow.met is False
    assert compute_clocks(plan, fold(plan, slow), START).objective(
        "app-services").achieved_at == START + timedelta(minutes=95)


def test_rto_clocks_count_from_the_disruption_not_the_declaration(plan: Plan) -> None:
    """Down since 02:00, declared at 02:10: at 02:13 app-services (30m) has 17m left, not
    27m; the incident clock (T+) still counts from the declaration."""
    disrupted = declared().model_copy(update={"disruption_at": START,
                                              "disruption_source": "health/primary"})
    events = stamped([disrupted, classified("P1")], start=START + timedelta(minutes=10))
    state = fold(plan, events)
    assert state.disruption_at == START and state.disruption_source == "health/primary"
    now = START + timedelta(minutes=13)
    clocks = compute_clocks(plan, state, now)
    app = clocks.objective("app-services")
    assert app is not None
    assert app.remaining == app.budget - (now - START) == timedelta(minutes=17)
    assert clocks.elapsed == timedelta(minutes=3)
    assert clocks.since_disruption == timedelta(minutes=13)
    step = next(s for s in clocks.steps if s.step_id == "check-system-status")
    assert step.objective_remaining == timedelta(minutes=17)


def test_drill_results_measure_from_the_disruption(plan: Plan) -> None:
    disrupted = declared(drill=True).model_copy(update={"disruption_at": START})
    events = stamped([disrupted, classified("P4"), *_assessment(plan)],
                     start=START + timedelta(minutes=5))
    state = fold(plan, events)
    result = next(r for r in drill_results(plan, state) if r.objective_id == "app-services")
    last = events[-1].at
    assert last is not None and result.achieved == last - START


def test_a_journal_without_a_disruption_counts_from_the_declaration(plan: Plan) -> None:
    state = fold(plan, stamped([declared(), classified("P1")], start=START))
    assert state.disruption_at is None and state.rto_start == START
    clocks = compute_clocks(plan, state, START + timedelta(minutes=4))
    app = clocks.objective("app-services")
    assert app is not None and app.spent == clocks.since_disruption == timedelta(minutes=4)
