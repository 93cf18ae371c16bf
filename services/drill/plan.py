"""What the simulator needs to know of the loaded plan: backup stores, schedules, scenarios.

``services`` must not depend on the console's plan model, so the console describes its
loaded plan in these plain values (``console.backends.drill_plan``) and hands them to the
:class:`~services.drill.environment.DrillEnvironment`. There is no default here: a drill
always plays the plan the console loaded, so a custom plan shows its own backups.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class DataKind(StrEnum):
    """Which database a schedule backs up: it decides where a restore lands."""

    POSTGRES = "postgres"
    REDIS = "redis"
    FILES = "files"
    """Anything else (configuration, user files, images, logs): restored beside the app."""


@dataclass(frozen=True)
class DrillTarget:
    """A backup store: its id, its kind (``s3``, ``azure-blob``, ``nas``, ``tape``) and
    whether it sits in the primary site's region (a regional outage cuts it off)."""

    id: str
    store: str
    primary_region: bool = False


@dataclass(frozen=True)
class BackupPlanEntry:
    """One backup schedule: which component, how often, kept how long, stored where."""

    component: str
    """The schedule id (``postgres-full``): what backup entries and restores name."""
    interval: timedelta | None
    """Time between backups; None for a continuous stream (WAL archiving, AOF)."""
    targets: tuple[str, ...]
    retention: timedelta | None = None
    """How long backups are kept; None keeps only the newest one (the plan's "N/A")."""
    base_size_bytes: int = 1 << 30
    """Typical size of one backup; each backup varies around it, by seed."""
    kind: DataKind = DataKind.FILES


@dataclass(frozen=True)
class DrillScenarioInfo:
    """A test scenario the plan names: its id (a simulator scenario when one matches)."""

    id: str
    title: str


@dataclass(frozen=True)
class DrillPlan:
    """The loaded plan, as far as the simulator is concerned."""

    plan_id: str
    targets: tuple[DrillTarget, ...] = ()
    schedules: tuple[BackupPlanEntry, ...] = ()
    scenarios: tuple[DrillScenarioInfo, ...] = ()

    def schedule(self, component: str) -> BackupPlanEntry | None:
        return next((s for s in self.schedules if s.component == component), None)

    def target(self, target_id: str) -> DrillTarget | None:
        return next((t for t in self.targets if t.id == target_id), None)

    def scenario_title(self, scenario: str) -> str | None:
        """The plan's title for a scenario it describes, if it describes this one."""
        return next((s.title for s in self.scenarios if s.id == scenario), None)


_MIB = 1 << 20
_GIB = 1 << 30
TYPICAL_SIZES: dict[tuple[str, str], int] = {
    ("postgresql", "full"): 42 * _GIB, ("postgresql", "incremental"): 2 * _GIB,
    ("postgresql", "wal"): 16 * _MIB, ("redis", "rdb"): 1536 * _MIB,
    ("redis", "aof"): 640 * _MIB, ("configuration", "git"): 12 * _MIB,
    ("user data", "full"): 210 * _GIB, ("application", "image"): 850 * _MIB,
    ("logs", "archive"): 5 * _GIB}
"""erlmcp's data volumes by (component, backup type), lower case: the plan gives no sizes,
so the simulator invents plausible ones; anything else is 1 GiB."""


def typical_size(component: str, backup_type: str) -> int:
    """A plausible size for one backup of ``component`` taken as ``backup_type``."""
    return TYPICAL_SIZES.get((component.lower(), backup_type.lower()), _GIB)
