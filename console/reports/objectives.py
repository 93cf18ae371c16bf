"""Objectives achieved against targets, from what the judge journaled and the clocks.

RTO: the time from the disruption to the first ``ObjectiveMeasured`` MET of the row that
follows a measurement that was not MET (service restored, as the judge saw it); beside
it, the incident clocks' time to the last runbook step counting against it. RPO: the
replication exposure the judge measured when the failover was requested. A row the
journal holds no measurement for says "not measured", and so does an RTO row the judge
never saw down (the drill never exercised it: "PASSED 0s" would claim a recovery nobody
made): nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from console.incident.clocks import drill_results
from console.incident.state import IncidentState
from console.journal.events import ActionRequested, Event, ObjectiveMeasured
from console.judge.units import format_bytes, format_span
from console.plan.model import Plan
from console.plan.objectives import RpoMeasure
from console.reports.model import Result

PROMOTES = {RpoMeasure.POSTGRES_REPLICATION: "promote-postgres",
            RpoMeasure.REDIS_REPLICATION: "promote-redis"}
PASSING = {"met", "at-risk"}
"""A verdict within its target: AT RISK is close to it, not over it."""


def results(plan: Plan, state: IncidentState, events: Sequence[Event]) -> tuple[Result, ...]:
    measured = [e for e in events if isinstance(e, ObjectiveMeasured)]
    steps = {r.objective_id: r.achieved for r in drill_results(plan, state)}
    rows: list[Result] = []
    for rto in plan.objectives.rto:
        own = [m for m in measured if m.kind == "rto" and m.objective == rto.id
               and m.moment == "changed"]
        rows.append(_rto(rto.id, rto.component, rto.target, own, state, steps.get(rto.id)))
    requested = {e.seq: e.action for e in events if isinstance(e, ActionRequested)}
    for rpo in plan.objectives.rpo:
        at_failover = [m for m in measured if m.kind == "rpo" and m.objective == rpo.id
                       and m.moment == "failover"]
        promote = PROMOTES.get(rpo.measure)  # its engine's promote, when it has one
        mine = [m for m in at_failover if requested.get(m.ref_seq or 0) == promote]
        rows.append(_rpo(rpo.id, rpo.component, rpo.target, mine or at_failover))
    return tuple(rows)


def _rto(ident: str, label: str, target: timedelta, own: list[ObjectiveMeasured],
         state: IncidentState, steps_done: timedelta | None) -> Result:
    start = state.rto_start
    down_seen = False
    for m in own:
        if m.status != "met":
            down_seen = True
        elif down_seen and m.at is not None and start is not None:
            took = max(timedelta(0), m.at - start)
            return Result("rto", ident, label, target, took, took <= target,
                          f"restored at {m.at:%H:%M:%S}: {m.evidence}", steps_done)
    if not own:
        return Result("rto", ident, label, target, None, None, "not measured", steps_done)
    if not down_seen:  # nothing to recover from: no time achieved, no verdict earned
        return Result("rto", ident, label, target, None, None,
                      "not exercised: met throughout (the judge never saw it down)",
                      steps_done)
    last = own[-1]
    passed = False if state.resolved else None
    return Result("rto", ident, label, target, None, passed,
                  f"not restored: last {last.status}: {last.evidence}", steps_done)


def _rpo(ident: str, label: str, target: timedelta, at_failover: list[ObjectiveMeasured]
         ) -> Result:
    if not at_failover:
        return Result("rpo", ident, label, target, None, None, "no failover measured")
    first = at_failover[0]
    exposure = (None if first.exposure_s is None
                else timedelta(seconds=first.exposure_s))
    passed = None if first.status in {"unknown", "not-monitored"} \
        else first.status in PASSING
    lost = format_bytes(first.exposure_bytes)
    span = "" if exposure is None else f" / {format_span(exposure)}"
    return Result("rpo", ident, label, target, exposure, passed,
                  f"at failover ({first.status}): {first.evidence}", exposure=f"{lost}{span}")
