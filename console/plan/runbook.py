"""The runbook: phases of numbered steps, each with guidance, commands, action and check."""

from __future__ import annotations

from pydantic import Field

from console.plan.actions import Action
from console.plan.base import Identifier, PlanModel, Text
from console.plan.checks import Check
from console.plan.durations import Duration


class Step(PlanModel):
    """One thing the operator does, owned by a role and counted against an objective."""

    id: Identifier
    title: Text
    owner: Identifier
    """A contact role id."""
    guidance: str = ""
    """Markdown shown beside the step."""
    commands: tuple[str, ...] = ()
    """Commands shown to the operator (and copyable); not run by the console."""
    action: Action | None = None
    check: Check | None = None
    objective: Identifier | None = None
    """The RTO objective whose clock this step counts against."""
    estimate: Duration | None = None
    """How long the plan expects the step to take, where it says; the estimates of the
    steps counting against an RTO are checked against it (``plan check`` warns when they
    add up to more)."""


class Phase(PlanModel):
    """A group of steps (assessment, PostgreSQL recovery, verification...)."""

    id: Identifier
    title: Text
    section: str = ""
    """Where the plan document describes it, for people cross-checking the paper."""
    optional: bool = False
    """Contingency phases (rollback, automated failover) are opened on demand only."""
    steps: tuple[Step, ...] = Field(min_length=1)


class Checklist(PlanModel):
    """A plain tick-list from the plan's appendix (immediate response, post-recovery...)."""

    id: Identifier
    title: Text
    items: tuple[Text, ...] = Field(min_length=1)


class Runbook(PlanModel):
    phases: tuple[Phase, ...] = Field(min_length=1)
    checklists: tuple[Checklist, ...] = ()
