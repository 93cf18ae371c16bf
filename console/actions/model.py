"""What the action runner hands the UI and gets back: plans, gates, confirmations, outcomes.

Kept apart from the runner so a confirmation modal can import the models without the
execution logic. All are frozen: a planned action shown to the operator is exactly the one
that runs, and an outcome is a record, not a handle.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from console.plan.actions import Action


class GateLevel(StrEnum):
    """How a safety gate stands: fine, worth a second look, or a stop sign."""

    OK = "ok"
    WARNING = "warning"
    BLOCKING = "blocking"


class Gate(BaseModel):
    """One safety condition checked before confirmation, in the operator's words."""

    model_config = ConfigDict(frozen=True)

    name: str
    """Stable id (``split-brain``, ``dr-health``...), for tests and the journal."""
    level: GateLevel
    message: str


class PlannedAction(BaseModel):
    """A step's action as it will run: exactly what is called, where, and what stands in the way."""

    model_config = ConfigDict(frozen=True)

    step_id: str
    action: Action
    """The step's action, exactly as it will run (its ``kind`` is what gets journaled)."""
    description: str
    """Exactly what will be called, on which site; shown in the modal and journaled."""
    gates: tuple[Gate, ...] = ()

    @property
    def kind(self) -> str:
        """The action kind (``promote-postgres``...), as the journal names it."""
        return self.action.kind

    @property
    def blocking(self) -> tuple[Gate, ...]:
        return tuple(g for g in self.gates if g.level is GateLevel.BLOCKING)

    @property
    def warnings(self) -> tuple[Gate, ...]:
        return tuple(g for g in self.gates if g.level is GateLevel.WARNING)


class Confirmation(BaseModel):
    """The operator's answer to the confirmation modal."""

    model_config = ConfigDict(frozen=True)

    confirmed: bool
    override_reason: str | None = None
    """Required to pass blocking gates; journaled so the review can see who overrode what."""


class OutcomeStatus(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ActionOutcome(BaseModel):
    """What happened to one run, mirroring the journal's last event for it."""

    model_config = ConfigDict(frozen=True)

    step_id: str
    action: str
    status: OutcomeStatus
    detail: str
    """The output on success, the error on failure, the reason on cancellation."""
    duration_s: float | None = None
    """Monotonic seconds spent in the call; None when nothing was called."""
    unrecorded: str | None = None
    """Why this outcome is NOT in the journal (the call happened, journaling it failed):
    the operator must record it by hand. None when it was journaled."""


class ActionRefused(Exception):
    """The runner will not even ask: the console is read-only (nothing is journaled)."""


class ActionError(Exception):
    """A console-side action (wait-for-health, verify-backups) did not reach its goal."""
