"""Recovery objectives: RTO and RPO per component, SLA per service, and what measures each.

These are the yardsticks everything else is measured against: runbook steps count their
time against an RTO, replication lag and backup age against an RPO. Each RTO and RPO row
names its ``measure`` from a closed set, so the console judges a row by what the plan says
measures it, never by its id: a plan may call its objectives anything. ``"none"`` is an
honest answer (nothing the console polls can tell), shown as NOT MONITORED.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator, model_validator

from console.plan.base import Identifier, PlanModel, Text
from console.plan.durations import Duration


class RtoMeasure(StrEnum):
    """What tells whether the thing an RTO covers is up (several: all of them)."""

    SERVICE_SERVING = "service-serving"
    """A site serves: DNS points at it, its health answers OK and its PostgreSQL is
    writable (the judge's site verdict, :mod:`console.judge.sites`)."""
    DATABASE_WRITABLE = "database-writable"
    """PostgreSQL accepts writes on some site."""
    NONE = "none"


class RpoMeasure(StrEnum):
    """What tells how much data the component an RPO covers would lose now."""

    POSTGRES_REPLICATION = "postgres-replication"
    """WAL the standby has not received, in bytes and time (the judge's link verdict);
    the linked schedules' backup age bounds it when nothing replicates."""
    REDIS_REPLICATION = "redis-replication"
    """The replica's offset gap while the link is up; the link's verdict once it is down,
    with the master's last RDB save and the linked backups as evidence."""
    BACKUP_AGE = "backup-age"
    """Age of the newest backup of the schedules whose ``rpo`` names this row."""
    NONE = "none"


class SlaMeasure(StrEnum):
    """What measures an SLA row directly, besides the RTO/RPO rows it is made of."""

    BACKUP_STORES = "backup-stores"
    """Every backup store answers."""
    NONE = "none"


def _measure_list(value: Any) -> Any:
    """``"a+b"`` and ``["a", "b"]`` both name two measures; one string names one."""
    if isinstance(value, str):
        return [part.strip() for part in value.split("+")]
    return value


def _check_measures(value: tuple[StrEnum, ...]) -> tuple[StrEnum, ...]:
    if not value:
        raise ValueError('name at least one measure, or "none"')
    if len(set(value)) != len(value):
        raise ValueError("a measure is named twice")
    if len(value) > 1 and any(m.value == "none" for m in value):
        raise ValueError('"none" cannot be combined with other measures')
    return value


class RecoveryTimeObjective(PlanModel):
    """How long a component may stay down (RTO)."""

    id: Identifier
    component: Text
    target: Duration
    measure: Annotated[tuple[RtoMeasure, ...], BeforeValidator(_measure_list)]
    """``"service-serving"``, ``"database-writable"``, both (``"a+b"`` or a list: the
    component is up only when every one is), or ``"none"``."""
    description: str = ""

    _measures = field_validator("measure")(_check_measures)

    @property
    def monitored(self) -> bool:
        return RtoMeasure.NONE not in self.measure


class RecoveryPointObjective(PlanModel):
    """How much data, measured in time, a component may lose (RPO)."""

    id: Identifier
    component: Text
    target: Duration
    measure: RpoMeasure
    """One of :class:`RpoMeasure`; ``"backup-age"`` reads the schedules linked to it."""
    description: str = ""

    @property
    def monitored(self) -> bool:
        return self.measure is not RpoMeasure.NONE


class ServiceLevel(PlanModel):
    """An SLA row: availability promised, and the recovery time and data loss it allows.

    Its live status is the worst of the RTO and RPO rows it names (``rto``, ``rpo``) and of
    its own ``measure``, if any; at least one of them must be given.
    """

    id: Identifier
    service: Text
    availability_pct: float = Field(gt=0, le=100)
    recovery_time: Duration
    data_loss: Duration
    rto: tuple[Identifier, ...] = ()
    rpo: tuple[Identifier, ...] = ()
    measure: SlaMeasure | None = None

    @model_validator(mode="after")
    def _something_measures_it(self) -> ServiceLevel:
        if not (self.rto or self.rpo or self.measure):
            raise ValueError('name the rows it is made of (rto = [...], rpo = [...]) or a '
                             'measure ("backup-stores" or "none")')
        return self


class Objectives(PlanModel):
    """The plan's three objective tables."""

    rto: tuple[RecoveryTimeObjective, ...] = Field(min_length=1)
    rpo: tuple[RecoveryPointObjective, ...] = Field(min_length=1)
    sla: tuple[ServiceLevel, ...] = ()
