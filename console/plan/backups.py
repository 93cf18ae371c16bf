"""Backup strategy: the stores backups must reach and each component's schedule.

The schedule decides freshness: a component whose newest backup is older than its
interval (plus its window) is overdue, whatever the store says.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from pydantic import Field

from console.plan.base import Identifier, PlanModel, Text
from console.plan.durations import Duration


class StoreKind(StrEnum):
    """The kinds of backup store the plan's architecture names."""

    S3 = "s3"
    AZURE_BLOB = "azure-blob"
    NAS = "nas"
    TAPE = "tape"


class Frequency(StrEnum):
    """How often a backup runs; ``continuous`` streams (WAL, AOF) have no interval."""

    CONTINUOUS = "continuous"
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"

    @property
    def interval(self) -> timedelta | None:
        """Time between two runs, or None for a continuous stream."""
        return _INTERVALS[self]


_INTERVALS: dict[Frequency, timedelta | None] = {
    Frequency.CONTINUOUS: None,
    Frequency.HOURLY: timedelta(hours=1),
    Frequency.DAILY: timedelta(days=1),
    Frequency.WEEKLY: timedelta(weeks=1),
    Frequency.MONTHLY: timedelta(days=31),
}


class BackupTarget(PlanModel):
    """A place backups are copied to (S3 region 1, Azure region 2, the NAS, tape...)."""

    id: Identifier
    store: StoreKind
    region: str = ""
    description: str = ""


class BackupSchedule(PlanModel):
    """One row of the backup table: what is backed up, how, how often, for how long."""

    id: Identifier
    component: Text
    backup_type: Text
    frequency: Frequency
    retention: Duration | None = None
    """None where the plan says N/A (e.g. an AOF stream kept with the data)."""
    window: str = ""
    """When the backup runs, as the plan words it ("2:00 AM - 4:00 AM", "Ongoing")."""
    targets: tuple[Identifier, ...] = Field(default=())
    rpo: Identifier | None = None
    """The RPO objective this backup protects, if any."""


class VerificationRoutine(PlanModel):
    """A recurring backup verification (daily check, weekly restore test...)."""

    cadence: Text
    """daily, weekly, monthly, quarterly."""
    title: Text
    command: Text
