"""Incident classification: P1-P4 and what each severity sets in motion."""

from __future__ import annotations

from enum import StrEnum

from console.plan.base import Identifier, PlanModel, Text


class Severity(StrEnum):
    """Incident severities, most severe first."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class Response(StrEnum):
    """What a severity activates, from the plan's classification flowchart."""

    ACTIVATE_DR_PLAN = "activate-dr-plan"
    LOCAL_RECOVERY = "local-recovery"
    NORMAL_OPERATIONS = "normal-operations"


class Classification(PlanModel):
    """One severity: its label, its response, the follow-ups and the phases it opens."""

    severity: Severity
    label: Text
    response: Response
    follow_up: tuple[Text, ...] = ()
    """The flowchart's next boxes (assemble team, activate recovery site, monitor...)."""
    phases: tuple[Identifier, ...] = ()
    """Runbook phases opened when an incident is classified at this severity."""
