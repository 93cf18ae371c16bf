"""The closed set of checks that must hold for a runbook step to count as done.

Checks are evaluated against live snapshots; an operator can override a failing check
only with a reason, which the journal keeps.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from console.plan.base import Identifier, PlanModel, Site, Text
from console.plan.durations import Duration


class Engine(StrEnum):
    POSTGRES = "postgres"
    REDIS = "redis"


class HealthOk(PlanModel):
    kind: Literal["health-ok"]
    site: Site


class ServiceServing(PlanModel):
    """Users are served: the site DNS sends them to answers healthy with a writable
    database (the judge's site verdict), whichever site that is. For steps shared by the
    failover and the local-recovery paths, where naming one site would be wrong for one."""

    kind: Literal["service-serving"]


class ReplicationLagUnder(PlanModel):
    kind: Literal["replication-lag"]
    engine: Engine
    max_lag: Duration


class DeploymentReady(PlanModel):
    kind: Literal["deployment-ready"]
    site: Site
    namespace: Text = "erlmcp"
    deployment: Text
    min_ready: int = Field(ge=0)


class BackupAgeUnder(PlanModel):
    kind: Literal["backup-age"]
    component: Identifier
    """A backup schedule id."""
    max_age: Duration


Check = Annotated[
    HealthOk | ReplicationLagUnder | DeploymentReady | BackupAgeUnder | ServiceServing,
    Field(discriminator="kind"),
]
"""A step's check, chosen by its ``kind``."""
