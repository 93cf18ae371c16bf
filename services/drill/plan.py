"""The backup schedules the simulator produces backups for.

A copy of the shape of the plan's backup table, not an import of it: ``services`` must not
depend on the console's plan model, so the console converts its plan into these entries
(or takes the default, which mirrors ``erlmcp-v3-dr-plan.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

ALL_TARGETS: tuple[str, ...] = (
    "s3-region-1", "s3-region-2", "azure-region-1", "azure-region-2", "nas", "tape")
"""The plan's backup stores."""

ONLINE_TARGETS: tuple[str, ...] = ALL_TARGETS[:-1]
"""Continuous streams (WAL, AOF) cannot go to tape, which only takes batches."""


@dataclass(frozen=True)
class BackupPlanEntry:
    """One backup schedule: which component, how often, kept how long, stored where."""

    component: str
    interval: timedelta | None
    """Time between backups; None for a continuous stream (WAL archiving, AOF)."""
    targets: tuple[str, ...]
    retention: timedelta | None = None
    """How long backups are kept; None keeps only the newest one (the plan's "N/A")."""
    base_size_bytes: int = 1 << 30
    """Typical size of one backup; each backup varies around it, by seed."""


_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)
_WEEK = timedelta(weeks=1)
_MIB = 1 << 20
_GIB = 1 << 30

DEFAULT_BACKUP_PLAN: tuple[BackupPlanEntry, ...] = (
    BackupPlanEntry("postgres-full", _DAY, ALL_TARGETS, 30 * _DAY, 42 * _GIB),
    BackupPlanEntry("postgres-incremental", _HOUR, ALL_TARGETS, _DAY, 2 * _GIB),
    BackupPlanEntry("postgres-wal", None, ONLINE_TARGETS, 7 * _DAY, 16 * _MIB),
    BackupPlanEntry("redis-rdb", _HOUR, ALL_TARGETS, 7 * _DAY, 1536 * _MIB),
    BackupPlanEntry("redis-aof", None, ONLINE_TARGETS, None, 640 * _MIB),
    BackupPlanEntry("configuration-git", _DAY, ALL_TARGETS, 90 * _DAY, 12 * _MIB),
    BackupPlanEntry("user-data-full", _WEEK, ALL_TARGETS, 90 * _DAY, 210 * _GIB),
    BackupPlanEntry("application-image", _WEEK, ALL_TARGETS, 30 * _DAY, 850 * _MIB),
    BackupPlanEntry("logs-archive", _DAY, ALL_TARGETS, 90 * _DAY, 5 * _GIB),
)
"""The plan's "Backup Types and Schedules" table, as the simulator's default."""
