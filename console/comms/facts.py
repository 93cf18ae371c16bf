"""What a message can say about the incident right now, from the journal and live state.

Each template field the console knows is computed here, once, from the folded incident,
its clocks (RTO budgets from the disruption), the judge's latest verdicts and the
contacts; what only a person can write (customer impact, root cause, lessons) is left
out, so :mod:`console.comms.fill` shows it as a visible blank. Text that came from outside
(action outputs, notes other consoles wrote) passes :func:`services.sanitize.sanitize`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from console.comms.contacts import by_role
from console.incident.clocks import IncidentClocks, ObjectiveClock
from console.incident.state import ActionStatus, IncidentState, PhaseStatus
from console.judge.model import Status
from console.judge.units import format_span
from console.judge.verdicts import Verdicts
from console.plan.contacts import Contact
from console.plan.model import Plan
from services.sanitize import sanitize

STATUS_MARK = {PhaseStatus.COMPLETE: "[done]", PhaseStatus.ACTIVE: "[in progress]",
               PhaseStatus.PENDING: "[pending]"}


def stamp(at: datetime | None) -> str:
    """``2026-01-01 10:00 UTC``: the one way times are written in messages and reports."""
    return "" if at is None else at.strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Facts:
    """Everything known about the incident at ``clocks.now``."""

    plan: Plan
    state: IncidentState
    clocks: IncidentClocks
    people: Sequence[Contact]
    verdicts: Verdicts | None = None
    update_every: timedelta | None = None
    """The cadence for this severity: when the next update is due after this message."""

    @property
    def now(self) -> datetime:
        return self.clocks.now

    @property
    def next_update_at(self) -> datetime | None:
        if self.update_every is None or self.state.resolved:
            return None
        return self.now + self.update_every


def known_fields(facts: Facts) -> dict[str, str]:
    """Every field the console can fill; a field left out is one a person must write."""
    state = facts.state
    fields: dict[str, str] = {}

    def put(name: str, value: Callable[[], str]) -> None:
        text = value()
        if text:
            fields[name] = text

    put("incident_id", lambda: state.id)
    put("test_id", lambda: state.id)
    put("severity", lambda: _severity(facts))
    put("start_time", lambda: stamp(state.rto_start))
    put("date", lambda: stamp(state.rto_start))
    put("status", lambda: _status(state))
    put("description", lambda: sanitize(state.title))
    put("actions_taken", lambda: _bullets(_actions(state)))
    put("recovery_actions", lambda: "\n".join(
        f"{n}. {line}" for n, line in enumerate(_actions(state), 1)))
    put("current_status", lambda: _bullets(_phases(state)))
    put("progress", lambda: _bullets(_phases(state)))
    put("eta", lambda: _eta(facts))
    put("next_update", lambda: stamp(facts.next_update_at))
    put("current_time", lambda: stamp(facts.now))
    put("health_status", lambda: _bullets(_health(facts)))
    put("next_steps", lambda: _bullets(_next_steps(state)))
    put("resolution_time", lambda: stamp(state.resolved_at))
    put("total_duration", lambda: format_span(facts.clocks.since_disruption)
        if state.resolved else "")
    put("duration", lambda: format_span(facts.clocks.since_disruption))
    put("resolution_summary", lambda: sanitize(state.summary))
    put("participants", lambda: f"{len(state.operators)} ({', '.join(state.operators)})"
        if state.operators else "")
    put("scope", lambda: _scope(state))
    for field, role in (("ic_phone", "incident-commander"),
                        ("tech_lead_phone", "technical-lead")):
        contact = by_role(facts.people, role)
        if contact is not None:
            fields[field] = f"{contact.phone} ({contact.name})"
    support = next((s.contact for s in facts.plan.stakeholders
                    if "support" in s.name.lower() and s.contact), "")
    if support:
        fields["support_email"] = support
    return fields


def _severity(facts: Facts) -> str:
    level = next((c for c in facts.plan.classification
                  if c.severity == facts.state.severity), None)
    return "" if level is None else f"{level.severity} - {level.label}"


def _status(state: IncidentState) -> str:
    if state.resolved:
        return "Resolved"
    acted = any(a.status is ActionStatus.SUCCEEDED for s in state.steps() for a in s.actions)
    return "Recovering" if acted else "Active"


def _actions(state: IncidentState) -> list[str]:
    lines = []
    if state.response:
        lines.append(f"Classified {state.severity}: {state.response}")
    for step in state.steps():
        for action in step.actions:
            if action.status is ActionStatus.SUCCEEDED:
                out = sanitize(action.output, limit=120)
                lines.append(f"{step.title}: {out}" if out else step.title)
    return lines


def _phases(state: IncidentState) -> list[str]:
    return [f"{STATUS_MARK[p.status]} {p.title}" for p in state.phases if p.known]


def _next_steps(state: IncidentState) -> list[str]:
    current = state.phase(state.current_phase) if state.current_phase else None
    if current is None:
        return []
    return [s.title for s in current.steps if not s.finished][:3]


def _scope(state: IncidentState) -> str:
    what = f"drill, scenario {state.scenario}" if state.drill and state.scenario else ""
    phases = ", ".join(p.title for p in state.phases if p.known)
    return "; ".join(part for part in (what, phases and f"phases: {phases}") if part)


def _health(facts: Facts) -> list[str]:
    if facts.verdicts is None:
        return []
    lines = [f"{v.site}: {v.state.value.upper()} ({sanitize(v.summary or v.reason, limit=100)})"
             for v in facts.verdicts.sites.values()]
    lines += [f"{o.label}: {o.status.label}" for o in facts.verdicts.objectives
              if o.kind == "rto" and o.status.value != "not-monitored"]
    return lines


def tightest(facts: Facts) -> ObjectiveClock | None:
    """The RTO whose budget ends first among those at stake and not yet achieved: its
    runbook steps unfinished and, where the judge measures it, not MET now."""
    at_stake = {s.objective for s in facts.state.steps() if s.objective}
    open_ones = [c for c in facts.clocks.objectives
                 if c.objective_id in at_stake and c.achieved_at is None
                 and not _met_now(facts, c.objective_id)]
    return min(open_ones, key=lambda c: c.remaining, default=None)


def _met_now(facts: Facts, objective_id: str) -> bool:
    row = facts.verdicts.objective("rto", objective_id) if facts.verdicts else None
    return row is not None and row.status is Status.MET


def _eta(facts: Facts) -> str:
    clock = tightest(facts)
    start = facts.state.rto_start
    if start is None or facts.state.resolved:
        return ""
    if clock is None:
        return "service restored (every RTO at stake is met now)" \
            if facts.verdicts is not None else ""
    due = start + clock.budget
    if clock.remaining >= timedelta(0):
        return (f"{stamp(due)} ({clock.label} RTO {format_span(clock.budget)}, "
                f"{format_span(clock.remaining)} left)")
    return (f"overdue since {stamp(due)} ({clock.label} RTO {format_span(clock.budget)} "
            f"breached by {format_span(-clock.remaining)})")


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
