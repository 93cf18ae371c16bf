"""The verdict on one objective, and the small helpers every rule shares.

Kept apart from the rules so panes, reports and the ``status`` command can import the
model without pulling in the evaluation logic.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from console.judge.thresholds import RPO_AT_RISK_FRACTION


class Status(StrEnum):
    """How an objective (or any judged fact) stands right now."""

    MET = "met"
    AT_RISK = "at-risk"
    BREACHED = "breached"
    UNKNOWN = "unknown"
    """A source the measure needs failed, is stale or missing: a reason, never a guess."""
    NOT_MONITORED = "not-monitored"
    """The plan names no measure the console can take (``measure = "none"``)."""
    GAP = "gap"
    """A plan gap: the plan itself cannot meet the target (a schedule slower than its RPO,
    a runbook longer than its RTO) while the live measure is as good as the plan allows."""

    @property
    def label(self) -> str:
        """How people read it: ``AT RISK``, ``NOT MONITORED``."""
        return self.value.replace("-", " ").upper()


_SEVERITY = {Status.MET: 0, Status.GAP: 1, Status.AT_RISK: 2, Status.UNKNOWN: 3,
             Status.BREACHED: 4}
"""UNKNOWN ranks above AT_RISK: what we cannot see might already be breached, and it must
never let a combination look better than its parts; a known breach still wins. GAP is
worse than MET (the target cannot be kept) but asks nothing of the operator now.
NOT_MONITORED has no rank: it is neutral, neither better nor worse than a measurement."""


def worst(statuses: Iterable[Status]) -> Status:
    """The most severe measured status (BREACHED > UNKNOWN > AT_RISK > GAP > MET).

    NOT_MONITORED rows are left out, so they never hide or worsen a measured one; only
    NOT_MONITORED rows give NOT_MONITORED (never MET), and nothing at all gives UNKNOWN.
    """
    found = list(statuses)
    measured = [s for s in found if s is not Status.NOT_MONITORED]
    if measured:
        return max(measured, key=_SEVERITY.__getitem__)
    return Status.NOT_MONITORED if found else Status.UNKNOWN


class ObjectiveStatus(BaseModel):
    """One RTO, RPO or SLA row measured against live readings."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["rto", "rpo", "sla"]
    id: str
    label: str
    target: timedelta
    """The RTO/RPO target; for an SLA row, its recovery time."""
    status: Status
    evidence: str
    """Why, in the operator's words: ``standby lag 7m12s > RPO 5m``."""
    gap: str | None = None
    """The plan gap this row has, if any (``logs-archive runs every 1d, longer than RPO
    15m``): also listed by ``plan check``, and what ``status --strict`` fails on."""


def grade(value: timedelta, target: timedelta) -> Status:
    """Lag or age against a target: MET up to half of it, AT_RISK up to it, then BREACHED.

    The half-way mark gives the operator warning before the objective is lost, not after.
    """
    if value <= target * RPO_AT_RISK_FRACTION:
        return Status.MET
    return Status.AT_RISK if value <= target else Status.BREACHED
