"""``fold(plan, events) -> IncidentState``: the incident, recomputed from its journal.

Pure and deterministic (no clock, no I/O, no randomness): the same events always give an
equal state, so a restarted console, a second console following the journal and the drill
report all see the same incident. Which phases are *open*: those of the latest
classification (a reclassification replaces them), plus any phase the operator opened
(``PhaseOpened``: contingency phases are opened on demand) or that was started or had a
step worked on (history is never hidden), shown in plan order. A phase is complete when
the journal says so or when all its steps are done or skipped; it is active once started
or once any of its steps moved. Events naming ids the plan does not know are kept and flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from console.incident.fold_steps import StepBuilder
from console.incident.state import (
    IncidentState,
    LogEntry,
    PhaseState,
    PhaseStatus,
    StepState,
    StepStatus,
)
from console.journal.events import (
    ActionCancelled,
    ActionConfirmed,
    ActionFailed,
    ActionRequested,
    ActionSucceeded,
    ActionUnknown,
    CheckEvaluated,
    Classified,
    CommsDrafted,
    Declared,
    Event,
    Note,
    PhaseCompleted,
    PhaseOpened,
    PhaseStarted,
    Resolved,
    ScenarioEvent,
    StepCompleted,
    StepFailed,
    StepSkipped,
    StepStarted,
)
from console.plan.model import Plan


@dataclass
class _Fold:
    """Mutable scratch state of one fold; never escapes :func:`fold`."""

    plan: Plan
    header: dict[str, object] = field(default_factory=dict)
    operators: dict[str, None] = field(default_factory=dict)
    classified: tuple[str, ...] = ()
    touched: dict[str, None] = field(default_factory=dict)
    opened: dict[str, str] = field(default_factory=dict)
    """Phases the operator opened, with the reason given."""
    phase_started: dict[str, datetime | None] = field(default_factory=dict)
    phase_completed: dict[str, datetime | None] = field(default_factory=dict)
    steps: dict[str, StepBuilder] = field(default_factory=dict)
    unknown_steps: dict[str, StepBuilder] = field(default_factory=dict)
    logs: dict[str, list[LogEntry]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    last_seq: int = 0

    def __post_init__(self) -> None:
        for phase, step in self.plan.steps():
            self.steps[step.id] = StepBuilder(
                StepState(id=step.id, phase=phase.id, title=step.title, objective=step.objective))
        self.logs = {"notes": [], "comms": [], "scenario_events": []}

    def apply(self, event: Event) -> None:
        self.last_seq = max(self.last_seq, event.seq)
        if event.operator:
            self.operators.setdefault(event.operator)
        match event:
            case Declared():
                self._declared(event)
            case Classified():
                self.header.update(severity=event.severity, response=event.response)
                self.classified = event.phases
                for phase_id in event.phases:
                    if not _plan_has_phase(self.plan, phase_id):
                        self.warnings.append(f"seq {event.seq}: phase {phase_id!r} is not in "
                                             "the plan")
            case PhaseOpened():
                self._touch_phase(event.phase, event.seq)
                self.opened.setdefault(event.phase, event.reason)
            case PhaseStarted():
                self._touch_phase(event.phase, event.seq)
                self.phase_started.setdefault(event.phase, event.at)
            case PhaseCompleted():
                self._touch_phase(event.phase, event.seq)
                self.phase_completed.setdefault(event.phase, event.at)
            case StepStarted() | StepCompleted() | StepSkipped() | StepFailed():
                warning = self._step(event.step, event.seq).apply_status(event)
                if warning:
                    self.warnings.append(warning)
            case CheckEvaluated():
                self._step(event.step, event.seq).apply_check(event)
            case (ActionRequested() | ActionConfirmed() | ActionCancelled() | ActionSucceeded()
                  | ActionFailed() | ActionUnknown()):
                self._step(event.step, event.seq).apply_action(event)
            case Note():
                self._log("notes", event, "note", event.text)
            case CommsDrafted():
                self._log("comms", event, event.template, event.body)
            case ScenarioEvent():
                self._log("scenario_events", event, event.name, event.description)
            case Resolved():
                if "resolved_at" not in self.header:
                    self.header.update(resolved_at=event.at, summary=event.summary,
                                       unfinished_reason=event.unfinished_reason)

    def _declared(self, event: Declared) -> None:
        if "id" in self.header:
            self.warnings.append(f"seq {event.seq}: second declaration ignored")
            return
        self.header.update(id=event.incident_id, title=event.title, drill=event.drill,
                           scenario=event.scenario, plan_id=event.plan_id, declared_at=event.at,
                           disruption_at=event.disruption_at,
                           disruption_source=event.disruption_source)
        if event.plan_id and event.plan_id != self.plan.plan.id:
            self.warnings.append(f"journal was written with plan {event.plan_id!r}, "
                                 f"folded with {self.plan.plan.id!r}")

    def _touch_phase(self, phase_id: str, seq: int) -> None:
        if phase_id not in self.touched and not _plan_has_phase(self.plan, phase_id):
            self.warnings.append(f"seq {seq}: phase {phase_id!r} is not in the plan")
        self.touched.setdefault(phase_id)

    def _step(self, step_id: str, seq: int) -> StepBuilder:
        known = self.steps.get(step_id)
        if known is not None:
            self.touched.setdefault(known.state.phase)
            return known
        if step_id not in self.unknown_steps:
            self.warnings.append(f"seq {seq}: step {step_id!r} is not in the plan")
            self.unknown_steps[step_id] = StepBuilder(
                StepState(id=step_id, phase="", title=step_id, objective=None, known=False))
        return self.unknown_steps[step_id]

    def _log(self, kind: str, event: Note | CommsDrafted | ScenarioEvent, label: str,
             text: str) -> None:
        step = event.step if isinstance(event, Note) else None
        self.logs[kind].append(LogEntry(event.seq, event.at, event.operator, label, text, step))


def fold(plan: Plan, events: Iterable[Event]) -> IncidentState:
    """The incident state after ``events`` (in journal order), measured against ``plan``."""
    scratch = _Fold(plan)
    for event in events:
        scratch.apply(event)
    phases = _open_phases(scratch)
    current = next((p for p in phases if p.known and p.status != PhaseStatus.COMPLETE), None)
    next_step = None if current is None else next(
        (s.id for s in current.steps if not s.finished), None)
    h = scratch.header
    return IncidentState(
        id=str(h.get("id", "")), title=str(h.get("title", "")), drill=h.get("drill") is True,
        scenario=_opt_str(h.get("scenario")), plan_id=str(h.get("plan_id", "")),
        declared_at=_opt_time(h.get("declared_at")),
        disruption_at=_opt_time(h.get("disruption_at")),
        disruption_source=str(h.get("disruption_source", "")), operators=tuple(scratch.operators),
        severity=_opt_str(h.get("severity")), response=_opt_str(h.get("response")),
        phases=phases, current_phase=current.id if current else None, next_step=next_step,
        unknown_steps=tuple(b.freeze() for b in scratch.unknown_steps.values()),
        notes=tuple(scratch.logs["notes"]), comms=tuple(scratch.logs["comms"]),
        scenario_events=tuple(scratch.logs["scenario_events"]),
        resolved_at=_opt_time(h.get("resolved_at")), summary=str(h.get("summary", "")),
        unfinished_reason=_opt_str(h.get("unfinished_reason")),
        last_seq=scratch.last_seq, warnings=tuple(scratch.warnings),
    )


def _open_phases(scratch: _Fold) -> tuple[PhaseState, ...]:
    wanted = set(scratch.classified) | set(scratch.touched)
    known_ids = {p.id for p in scratch.plan.runbook.phases}
    result = [_phase_state(scratch, p.id, p.title, [s.id for s in p.steps])
              for p in scratch.plan.runbook.phases if p.id in wanted]
    for phase_id in [*scratch.classified, *scratch.touched]:
        if phase_id not in known_ids and all(r.id != phase_id for r in result):
            result.append(_phase_state(scratch, phase_id, phase_id, [], known=False))
    return tuple(result)


def _phase_state(scratch: _Fold, phase_id: str, title: str, step_ids: list[str],
                 known: bool = True) -> PhaseState:
    steps = tuple(scratch.steps[s].freeze() for s in step_ids)
    times = [t for s in steps for t in (s.started_at, s.ended_at) if t is not None]
    started = scratch.phase_started.get(phase_id) or (min(times) if times else None)
    all_finished = bool(steps) and all(s.finished for s in steps)
    if phase_id in scratch.phase_completed or all_finished:
        status = PhaseStatus.COMPLETE
        ends = [s.ended_at for s in steps if s.ended_at is not None]
        completed = scratch.phase_completed.get(phase_id) or (max(ends) if ends else None)
    else:
        moved = any(s.status != StepStatus.PENDING for s in steps)
        status = PhaseStatus.ACTIVE if moved or phase_id in scratch.phase_started \
            else PhaseStatus.PENDING
        completed = None
    return PhaseState(phase_id, title, status, started, completed, steps, known,
                      scratch.opened.get(phase_id))


def _plan_has_phase(plan: Plan, phase_id: str) -> bool:
    return any(p.id == phase_id for p in plan.runbook.phases)


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _opt_time(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None
