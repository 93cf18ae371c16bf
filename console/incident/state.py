"""The incident as the screens and reports see it: a frozen value folded from the journal.

Frozen dataclasses of tuples, so two folds of the same journal compare equal (that is how
"a restarted console resumes exactly" is tested) and nothing downstream can edit history.
Ids the plan does not know (a journal written with another plan) are kept with
``known=False`` and a warning, because dropping them would silently lose what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class PhaseStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    COMPLETE = "complete"


class StepStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"


FINISHED = frozenset({StepStatus.DONE, StepStatus.SKIPPED})
"""Terminal step states: later start/fail/skip events for the step are ignored (warned)."""


class ActionStatus(StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    UNKNOWN = "unknown"
    """Called, no result: timed out, or interrupted (the console stopped mid-call)."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    detail: str
    at: datetime | None


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """One run of a step's action, from request to outcome."""

    action: str
    status: ActionStatus
    description: str = ""
    operator: str = ""
    requested_at: datetime | None = None
    confirmed_at: datetime | None = None
    ended_at: datetime | None = None
    output: str = ""
    error: str = ""
    reason: str = ""
    """Why it was cancelled."""
    duration_s: float | None = None
    interrupted: bool = False
    """The console stopped between confirmation and result (found on resume)."""

    @property
    def label(self) -> str:
        """The outcome in the operator's words (``interrupted — outcome unknown``)."""
        if self.status is ActionStatus.UNKNOWN:
            return "interrupted — outcome unknown" if self.interrupted else \
                "outcome unknown"
        return self.status.value


@dataclass(frozen=True, slots=True)
class StepState:
    id: str
    phase: str
    """The plan phase holding the step; empty for a step the plan does not know."""
    title: str
    objective: str | None
    status: StepStatus = StepStatus.PENDING
    started_at: datetime | None = None
    ended_at: datetime | None = None
    who: str = ""
    """Operator of the last event that changed the status."""
    reason: str | None = None
    """Why it was skipped or failed (for the current status only)."""
    override_reason: str | None = None
    check: CheckResult | None = None
    actions: tuple[ActionRecord, ...] = ()
    known: bool = True

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


@dataclass(frozen=True, slots=True)
class PhaseState:
    id: str
    title: str
    status: PhaseStatus
    started_at: datetime | None
    completed_at: datetime | None
    steps: tuple[StepState, ...]
    known: bool = True
    opened_reason: str | None = None
    """Why the operator opened it, when the classification did not."""


@dataclass(frozen=True, slots=True)
class LogEntry:
    """A note, drafted message or drill scenario event, in journal order."""

    seq: int
    at: datetime | None
    operator: str
    kind: str
    """``note``, a template id for comms, or the scenario event's name."""
    text: str
    step: str | None = None
    """For a note: the step it is about, if any."""


@dataclass(frozen=True, slots=True)
class IncidentState:
    id: str = ""
    title: str = ""
    drill: bool = False
    scenario: str | None = None
    plan_id: str = ""
    declared_at: datetime | None = None
    disruption_at: datetime | None = None
    """When service was disrupted, as declared; None in journals that predate it."""
    disruption_source: str = ""
    operators: tuple[str, ...] = ()
    severity: str | None = None
    response: str | None = None
    phases: tuple[PhaseState, ...] = ()
    """Open phases in plan order (then unknown ones, as first seen)."""
    current_phase: str | None = None
    next_step: str | None = None
    unknown_steps: tuple[StepState, ...] = ()
    notes: tuple[LogEntry, ...] = ()
    comms: tuple[LogEntry, ...] = ()
    scenario_events: tuple[LogEntry, ...] = ()
    resolved_at: datetime | None = None
    summary: str = ""
    unfinished_reason: str | None = None
    """Why it was resolved with phases unfinished (None: all were complete)."""
    last_seq: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def rto_start(self) -> datetime | None:
        """Where RTO clocks start: the disruption, else (older journals) the declaration."""
        return self.disruption_at or self.declared_at

    def phase(self, phase_id: str) -> PhaseState | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def step(self, step_id: str) -> StepState | None:
        """A step of an open phase, or an unknown step; None if untouched and not open."""
        for step in self.steps():
            if step.id == step_id:
                return step
        return None

    def unfinished_phases(self) -> tuple[str, ...]:
        """Open phases of the plan not complete: resolving with any needs a reason."""
        return tuple(p.id for p in self.phases if p.known and p.status != PhaseStatus.COMPLETE)

    def steps(self) -> tuple[StepState, ...]:
        """Steps of the open phases in plan order, then unknown steps."""
        return tuple(s for p in self.phases for s in p.steps) + self.unknown_steps
