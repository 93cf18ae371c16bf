"""The report of one incident, folded from its journal alone.

The same fold and clocks as the checklist (so the report says what the screens said),
the judge's journaled measurements for the objectives, and every event in the timeline.
Each text from the journal is sanitised (another console may have written it) and
scrubbed of the config's secrets before it reaches any format.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from console.incident.clocks import compute_clocks
from console.incident.fold import fold
from console.incident.state import ActionStatus, IncidentState, StepStatus
from console.journal import events as ev
from console.journal.read import JournalRead
from console.plan.model import Plan
from console.reports.model import ActionLine, Message, Override, Report, Row
from console.reports.objectives import results
from console.reports.timeline import describe
from services.redact import scrub_text
from services.sanitize import sanitize


class _Clean(Protocol):
    """Sanitise and scrub one text from the journal."""

    def __call__(self, text: str, limit: int = 600) -> str: ...


def build_report(plan: Plan, read: JournalRead, *, now: datetime | None = None,
                 secrets: Sequence[str] = ()) -> Report:
    """The report of the journal ``read``: an open incident measured to ``now`` (the live
    clock; default the last event's time), a resolved one to its resolution whatever
    ``now`` says (its clocks stopped there)."""
    events = read.events
    state = fold(plan, events)
    last = next((e.at for e in reversed(events) if e.at is not None), None)
    when = state.resolved_at or now or last
    if when is None:
        raise ValueError("the journal holds no event")
    clocks = compute_clocks(plan, state, when)

    def clean(text: str, limit: int = 600) -> str:
        return sanitize(scrub_text(text, secrets), limit=limit)

    timeline = tuple(Row(e.seq, e.at, clean(e.operator, 80), e.type, clean(describe(e)))
                     for e in events)
    level = next((c for c in plan.classification if c.severity == state.severity), None)
    warnings = [clean(w) for w in state.warnings]
    if read.torn:
        warnings.insert(0, clean(read.torn))
    return Report(
        incident_id=state.id, title=clean(state.title, 200), drill=state.drill,
        scenario=state.scenario, plan=f"{plan.plan.id} {plan.plan.version}",
        severity=f"{level.severity} - {level.label}" if level else "unclassified",
        status="resolved" if state.resolved else "open",
        declared_at=state.declared_at, disruption_at=state.disruption_at,
        disruption_source=clean(state.disruption_source, 80), resolved_at=state.resolved_at,
        duration=clocks.since_disruption, operators=tuple(clean(o, 80) for o in state.operators),
        summary=clean(state.summary), timeline=timeline, actions=_actions(state, clean),
        overrides=_overrides(events, clean), results=results(plan, state, events),
        messages=_messages(events, clean), follow_ups=_follow_ups(state, events, clean),
        notes=tuple(r for r in timeline if r.kind == "note"), scope=_scope(state),
        warnings=tuple(warnings))


def _actions(state: IncidentState, clean: _Clean) -> tuple[ActionLine, ...]:
    lines = []
    for step in state.steps():
        for a in step.actions:
            result = a.output if a.status is ActionStatus.SUCCEEDED else a.error or a.reason
            lines.append(ActionLine(step.id, a.action, a.status.value, a.requested_at,
                                    a.ended_at, a.duration_s, clean(result)))
    return tuple(lines)


def _overrides(events: Sequence[ev.Event], clean: _Clean) -> tuple[Override, ...]:
    found = []
    for e in events:
        if isinstance(e, ev.StepCompleted) and e.override_reason:
            found.append(Override(e.at, e.operator, f"step {e.step} completed despite its "
                                  "check", clean(e.override_reason)))
        elif isinstance(e, ev.ActionConfirmed) and e.override_reason:
            gates = ", ".join(e.overridden_gates) or "gates"
            found.append(Override(e.at, e.operator, f"action {e.action} ({e.step}) past "
                                  f"{gates}", clean(e.override_reason)))
        elif isinstance(e, ev.StepSkipped):
            found.append(Override(e.at, e.operator, f"step {e.step} skipped", clean(e.reason)))
    return tuple(found)


def _messages(events: Sequence[ev.Event], clean: _Clean) -> tuple[Message, ...]:
    found = []
    for e in events:
        if isinstance(e, ev.CommsDrafted):
            found.append(Message(e.at, e.template, "", "drafted", ""))
        elif isinstance(e, ev.CommsSent):
            found.append(Message(e.at, e.template, e.channel, "sent", clean(e.detail, 200)))
        elif isinstance(e, ev.CommsFailed):
            found.append(Message(e.at, e.template, e.channel, "failed", clean(e.error, 200)))
    return tuple(found)


def _follow_ups(state: IncidentState, events: Sequence[ev.Event], clean: _Clean
                ) -> tuple[str, ...]:
    items = [f"step {s.id} ({s.title}) failed: {clean(s.reason or '')}"
             for s in state.steps() if s.status is StepStatus.FAILED]
    items += [f"phase {p.title}: {sum(not s.finished for s in p.steps)} step(s) not finished"
              for p in state.phases if p.known and any(not s.finished for s in p.steps)]
    failed = {(e.template, e.channel) for e in events if isinstance(e, ev.CommsFailed)}
    sent = {(e.template, e.channel) for e in events if isinstance(e, ev.CommsSent)}
    items += [f"message {t} never reached {c}" for t, c in sorted(failed - sent)]
    return tuple(items)


def _scope(state: IncidentState) -> str:
    phases = ", ".join(p.title for p in state.phases if p.known)
    kind = f"drill of scenario {state.scenario}" if state.drill else "incident response"
    return f"{kind}; phases: {phases}" if phases else kind
