"""What a rehearsal found, step by step, and the objectives it achieved: plain values.

Kept apart from the walk (:mod:`console.commands.rehearse`) so the report and the tests read
results without the machinery that produced them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from console.judge.model import ObjectiveStatus, Status

MEASURED = (Status.MET, Status.GAP)
"""A row the judge calls met (or as good as the plan allows) counts as restored."""


class Verdict(StrEnum):
    DONE = "done"
    BLOCKED = "blocked"
    """The step's action was refused by a blocking gate, or failed: the plan, as written,
    cannot go on here without an override (or a fix)."""
    NEEDS_OVERRIDE = "needs an override"
    """The step's check still fails after waiting: only an override reason completes it."""


@dataclass(frozen=True, slots=True)
class StepResult:
    phase: str
    step_id: str
    title: str
    verdict: Verdict
    detail: str
    """The action's output or refusal, the check's verdict: in the console's words."""
    at: timedelta
    """Drill time since the scenario started, when the step ended."""


@dataclass(frozen=True, slots=True)
class RtoResult:
    """One RTO row: when the judge first saw it met again, and when its steps finished."""

    objective_id: str
    label: str
    target: timedelta
    restored_after: timedelta | None
    """Disruption to the first poll at which the judge called the row MET again (None:
    never within the rehearsal, or not measured)."""
    steps_after: timedelta | None
    """Disruption to the end of the last step counting against it (the drill report's
    measure); None if it has none open, or they did not all finish."""
    final: ObjectiveStatus | None
    """The judge's verdict on the row when the rehearsal ended."""
    seen_down: bool = False
    """Whether the judge ever called the row not met during the rehearsal."""

    @property
    def met(self) -> bool | None:
        measured = self.restored_after if self.restored_after is not None else self.steps_after
        return None if measured is None else measured <= self.target


@dataclass(frozen=True, slots=True)
class Rehearsal:
    scenario: str
    severity: str
    plan_id: str
    incident_id: str
    journal: str
    disruption_at: timedelta | None
    """Drill time of the first failure the console saw (None: it saw none)."""
    steps: tuple[StepResult, ...]
    not_reached: int
    """Steps of the severity's phases the rehearsal never got to."""
    rto: tuple[RtoResult, ...]
    rpo: tuple[ObjectiveStatus, ...]
    """The judge's RPO verdicts at the moment data moved (the first promote or restore
    request): what the recovery would lose then. At the end if nothing moved."""
    rpo_moment: str
    """Which moment ``rpo`` was taken at, in words."""

    @property
    def completed(self) -> bool:
        return self.not_reached == 0 and all(s.verdict is Verdict.DONE for s in self.steps)
