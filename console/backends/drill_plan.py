"""The loaded plan, described in the simulator's terms: stores, schedules and scenarios.

``services`` may not import the plan model, so this is where the plan the console loaded
(the built-in one or the operator's own) becomes a :class:`~services.drill.DrillPlan`:
a drill on a custom plan then produces that plan's backups, in that plan's stores.
"""

from __future__ import annotations

from console.plan import Plan
from console.plan.backups import BackupSchedule, BackupTarget, StoreKind
from services.drill import (
    BackupPlanEntry,
    DataKind,
    DrillPlan,
    DrillScenarioInfo,
    DrillTarget,
)
from services.drill.plan import typical_size

CLOUD = (StoreKind.S3, StoreKind.AZURE_BLOB)


def drill_plan(plan: Plan) -> DrillPlan:
    """What the simulator plays of ``plan``."""
    primary = _primary_region_targets(plan.backup_targets)
    return DrillPlan(
        plan_id=plan.plan.id,
        targets=tuple(DrillTarget(t.id, t.store.value, t.id in primary)
                      for t in plan.backup_targets),
        schedules=tuple(_schedule(s) for s in plan.backups),
        scenarios=tuple(DrillScenarioInfo(s.id, s.title) for s in plan.scenarios))


def data_kind(schedule: BackupSchedule) -> DataKind:
    """Which database a schedule backs up, from the component (or id) the plan names."""
    words = f"{schedule.component} {schedule.id}".lower()
    if "postgres" in words:
        return DataKind.POSTGRES
    if "redis" in words:
        return DataKind.REDIS
    return DataKind.FILES


def _schedule(schedule: BackupSchedule) -> BackupPlanEntry:
    return BackupPlanEntry(
        component=schedule.id, interval=schedule.frequency.interval,
        targets=tuple(schedule.targets), retention=schedule.retention,
        base_size_bytes=typical_size(schedule.component, schedule.backup_type),
        kind=data_kind(schedule))


def _primary_region_targets(targets: tuple[BackupTarget, ...]) -> set[str]:
    """Cloud stores in the primary site's region (a regional outage cuts them off).

    The plan names regions only in words: when targets give a ``region``, the first cloud
    target's region is the primary's; otherwise the first store of each cloud kind is
    taken to be the primary region's (the built-in plan lists region 1 first).
    """
    cloud = [t for t in targets if t.store in CLOUD]
    if not cloud:
        return set()
    if cloud[0].region:
        return {t.id for t in cloud if t.region == cloud[0].region}
    first: dict[StoreKind, str] = {}
    for target in cloud:
        first.setdefault(target.store, target.id)
    return set(first.values())
