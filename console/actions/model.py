"""What the action runner hands the UI and gets back: plans, gates, confirmations, outcomes.

Kept apart from the runner so a confirmation modal can import the models without the
execution logic. All are frozen: a planned action shown to the operator is exactly the one
that runs, and an outcome is a record, not a handle.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from console.plan.actions import Action
from console.plan.checks import Check
from services.models import Site


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
    target_site: Site | None = None
    """The site the action changes (promote's, DNS's new target...); None: no site."""
    site_name: str = ""
    """The target site's name, which the operator types to confirm a destructive action
    or to override a blocking gate."""
    destructive: bool = False
    """Promote, DNS change, scale to 0, restore: Enter alone never confirms these."""
    details: tuple[str, ...] = ()
    """Exactly what changes: the calls, the DNS record old -> new, the data-loss
    exposure now ("loses ~49 KiB / 1m44s of writes; RPO 5m")."""
    check: Check | None = None
    """The step's check: it decides when a call's outcome is unknown."""
    earlier: str | None = None
    """The step's previous attempt, when there was one ("interrupted — outcome
    unknown", "failed: ..."): the operator sees it before running it again."""

    @property
    def needs_site_name(self) -> bool:
        """Whether confirming takes the site's name typed (destructive or blocked)."""
        return self.destructive or bool(self.blocking)

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
    typed_site: str | None = None
    """The site name as the operator typed it: a destructive action, or an override of a
    blocking gate, runs only when it is the target site's name."""


class OutcomeStatus(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"
    """The call was made and no answer came (timeout): it may or may not have landed;
    the step's check decides."""


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
