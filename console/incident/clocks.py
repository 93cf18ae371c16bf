"""The incident's clocks, computed from the folded state, the plan and ``now``.

Nothing here reads a clock: the caller passes ``now`` from the one injectable clock, so a
drill can warp time and a test can freeze it, and the same state and ``now`` always give
the same clocks. Every span is ``min(stop, end) - start`` clamped at zero, where ``end`` is
``now`` frozen at ``resolved_at``: a span can only grow as ``now`` grows, so a clock never
runs backwards, and resolving the incident stops them all.

RTO clocks run from the *disruption* (``IncidentState.rto_start``: the first failure the
console observed, or the time the operator gave when declaring; the declaration itself in
journals that predate it): the plan's RTOs promise users how long a component may stay
down, and users were down before anyone declared anything. ``spent`` keeps running until
the incident is resolved; ``achieved_at`` says when the objective's last step finished,
and :func:`drill_results` measures against that, from the same start.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from console.incident.state import IncidentState, StepState
from console.plan.model import Plan

WARNING_FRACTION = 0.75
ZERO = timedelta(0)


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    """At least 75% of the budget spent."""
    BREACHED = "breached"
    """More than the whole budget spent."""


@dataclass(frozen=True, slots=True)
class ObjectiveClock:
    objective_id: str
    label: str
    budget: timedelta
    spent: timedelta
    remaining: timedelta
    """``budget - spent``; negative once breached, by how much."""
    fraction: float
    level: Level
    achieved_at: datetime | None
    """When the last step counting against it finished, if all of them have."""


@dataclass(frozen=True, slots=True)
class PhaseClock:
    phase_id: str
    spent: timedelta


@dataclass(frozen=True, slots=True)
class StepClock:
    """Time on one step, beside what is left of the objective it counts against."""

    step_id: str
    spent: timedelta
    objective_id: str | None
    objective_remaining: timedelta | None
    objective_level: Level | None


@dataclass(frozen=True, slots=True)
class IncidentClocks:
    now: datetime
    elapsed: timedelta
    """Since the declaration (the incident clock); frozen at resolution."""
    since_disruption: timedelta
    """Since the disruption: what every RTO clock has spent."""
    running: bool
    objectives: tuple[ObjectiveClock, ...]
    phases: tuple[PhaseClock, ...]
    steps: tuple[StepClock, ...]

    def objective(self, objective_id: str) -> ObjectiveClock | None:
        return next((o for o in self.objectives if o.objective_id == objective_id), None)


@dataclass(frozen=True, slots=True)
class ObjectiveResult:
    """One RTO as a drill report measures it."""

    objective_id: str
    label: str
    target: timedelta
    achieved: timedelta | None
    """Disruption to the finish of its last step; None until all its steps are finished."""
    met: bool | None


def compute_clocks(plan: Plan, state: IncidentState, now: datetime) -> IncidentClocks:
    """Every clock of the incident at ``now``."""
    end = now if state.resolved_at is None else min(now, state.resolved_at)
    elapsed = _span(state.declared_at, None, end)
    down = _span(state.rto_start, None, end)
    objectives = tuple(_objective(plan, state, o.id, o.component, o.target, down)
                       for o in plan.objectives.rto)
    by_id = {o.objective_id: o for o in objectives}
    steps = tuple(_step_clock(step, end, by_id) for step in state.steps())
    phases = tuple(PhaseClock(p.id, _span(p.started_at, p.completed_at, end))
                   for p in state.phases)
    return IncidentClocks(now, elapsed, down,
                          state.declared_at is not None and not state.resolved,
                          objectives, phases, steps)


def drill_results(plan: Plan, state: IncidentState) -> list[ObjectiveResult]:
    """Per RTO objective: how long it took to achieve, and whether that met the target."""
    results = []
    for objective in plan.objectives.rto:
        done_at = achieved_at(state, objective.id)
        achieved = None
        start = state.rto_start
        if done_at is not None and start is not None:
            achieved = max(ZERO, done_at - start)
        results.append(ObjectiveResult(objective.id, objective.component, objective.target,
                                       achieved, None if achieved is None
                                       else achieved <= objective.target))
    return results


def achieved_at(state: IncidentState, objective_id: str) -> datetime | None:
    """Finish time of the last step of the open phases counting against the objective.

    None while any such step is unfinished, or if none exists (the objective is not at
    stake in this incident's classification).
    """
    steps = [s for p in state.phases for s in p.steps if s.objective == objective_id]
    if not steps or not all(s.finished for s in steps):
        return None
    ends = [s.ended_at for s in steps if s.ended_at is not None]
    return max(ends) if ends else None


def _objective(plan: Plan, state: IncidentState, objective_id: str, label: str,
               budget: timedelta, spent: timedelta) -> ObjectiveClock:
    fraction = spent / budget if budget > ZERO else (0.0 if spent == ZERO else math.inf)
    level = (Level.BREACHED if spent > budget
             else Level.WARNING if fraction >= WARNING_FRACTION else Level.OK)
    return ObjectiveClock(objective_id, label, budget, spent, budget - spent, fraction, level,
                          achieved_at(state, objective_id))


def _step_clock(step: StepState, end: datetime,
                objectives: dict[str, ObjectiveClock]) -> StepClock:
    objective = objectives.get(step.objective) if step.objective else None
    return StepClock(step.id, _span(step.started_at, step.ended_at, end), step.objective,
                     objective.remaining if objective else None,
                     objective.level if objective else None)


def _span(start: datetime | None, stop: datetime | None, end: datetime) -> timedelta:
    """``min(stop, end) - start``, never negative; zero if it has not started."""
    if start is None:
        return ZERO
    until = end if stop is None else min(stop, end)
    return max(ZERO, until - start)
