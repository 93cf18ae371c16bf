"""Recovery objectives: RTO and RPO per component, SLA per service.

These are the yardsticks everything else is measured against: runbook steps count their
time against an RTO, replication lag and backup age against an RPO.
"""

from __future__ import annotations

from pydantic import Field

from console.plan.base import Identifier, PlanModel, Text
from console.plan.durations import Duration


class RecoveryTimeObjective(PlanModel):
    """How long a component may stay down (RTO)."""

    id: Identifier
    component: Text
    target: Duration
    description: str = ""


class RecoveryPointObjective(PlanModel):
    """How much data, measured in time, a component may lose (RPO)."""

    id: Identifier
    component: Text
    target: Duration
    description: str = ""


class ServiceLevel(PlanModel):
    """An SLA row: availability promised, and the recovery time and data loss it allows."""

    id: Identifier
    service: Text
    availability_pct: float = Field(gt=0, le=100)
    recovery_time: Duration
    data_loss: Duration


class Objectives(PlanModel):
    """The plan's three objective tables."""

    rto: tuple[RecoveryTimeObjective, ...] = Field(min_length=1)
    rpo: tuple[RecoveryPointObjective, ...] = Field(min_length=1)
    sla: tuple[ServiceLevel, ...] = ()
