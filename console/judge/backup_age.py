"""Backup age as RPO evidence: how old is the newest copy of a component, anywhere.

Shared by the replication rules (as their fallback) and by the RPOs whose ``measure`` is
``backup-age``. For an RPO its own schedules cannot keep (a plan gap, see
:mod:`console.judge.gaps`) the age is judged against the schedule instead: the most the
plan allows is that every run happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from console.judge.backup_trust import Trust, cell_trust, newest_verified, verifications
from console.judge.freshness import Readings, fresh_snapshot, why_unusable
from console.judge.model import Status, grade
from console.judge.thresholds import backup_max_age
from console.judge.units import format_span
from console.plan import Plan
from console.plan.backups import BackupSchedule, Frequency
from services.models import BackupSnapshot

BACKUPS = "backups"
CONTINUOUS_FRESH = timedelta(minutes=1)
"""How recent a continuous stream's newest object must be to count as "no loss"."""


def newest_backup(
    readings: Readings, components: set[str]
) -> tuple[datetime, str, str] | None:
    """(latest_at, component, target) of the newest backup of ``components``, if any."""
    snapshot = fresh_snapshot(readings, BACKUPS)
    if not isinstance(snapshot, BackupSnapshot):
        return None
    found = [
        (e.latest_at, e.component, e.target)
        for e in snapshot.entries
        if e.component in components and e.latest_at is not None
    ]
    return max(found) if found else None


def schedules_for(plan: Plan, rpo_id: str) -> set[str]:
    """Ids of the backup schedules that protect the RPO ``rpo_id``."""
    return {b.id for b in plan.backups if b.rpo == rpo_id}


@dataclass(frozen=True)
class _Newest:
    schedules: list[BackupSchedule]
    age: timedelta
    seen: str
    """``newest backup logs-archive in nas 3h45m old``."""


def _newest(plan: Plan, rpo_id: str, readings: Readings, now: datetime
            ) -> _Newest | tuple[Status, str]:
    """The newest copy of the schedules linked to ``rpo_id``, or (UNKNOWN, why not).

    Where the maintenance journal is read, only a verified backup is evidence: a newer
    unverified one is named as such, and with no verified backup the row is UNKNOWN.
    """
    schedules = [b for b in plan.backups if b.rpo == rpo_id]
    if not schedules:
        return Status.UNKNOWN, f"no backup schedule protects RPO {rpo_id}"
    ids = {b.id for b in schedules}
    newest = newest_backup(readings, ids)
    if newest is None:
        if fresh_snapshot(readings, BACKUPS) is None:
            return Status.UNKNOWN, why_unusable(readings, BACKUPS, now)
        return Status.UNKNOWN, f"no backup of {_names(schedules)} found in any store"
    latest_at, component, store = newest
    found = verifications(readings, now)
    if found is None:  # verification not monitored (a drill): the listing is the evidence
        age = max(timedelta(0), now - latest_at)
        return _Newest(schedules, age,
                       f"newest backup {component} in {store} {format_span(age)} old")
    listed = (f"newest backup {component} in {store} "
              f"{format_span(max(timedelta(0), now - latest_at))} old")
    verified = newest_verified(found, ids)
    if verified is None:
        why = found.why_none or f"no backup of {_names(schedules)} verified"
        return Status.UNKNOWN, f"{listed} is unverified, not evidence ({why})"
    at, component, store = verified
    age = max(timedelta(0), now - at)
    seen = f"newest verified backup {component} in {store} {format_span(age)} old"
    snapshot = fresh_snapshot(readings, BACKUPS)
    entry = next((e for e in snapshot.entries if (e.component, e.target) == newest[1:]), None
                 ) if isinstance(snapshot, BackupSnapshot) else None
    if cell_trust(found, newest[1], newest[2], entry, now)[0] is not Trust.VERIFIED:
        seen += f" ({listed} is unverified, not evidence)"
    return _Newest(schedules, age, seen)


def backup_age_status(
    plan: Plan, rpo_id: str, target: timedelta, readings: Readings, now: datetime
) -> tuple[Status, str]:
    """Grade the newest backup of the schedules linked to ``rpo_id`` against ``target``.

    A zero target is a promise of no loss: met only by a continuous stream whose newest
    object is under a minute old; otherwise breached once the newest copy is older than the
    shortest schedule interval (a run was missed), at risk until then (a scheduled backup
    always loses what happened since its last run).
    """
    found = _newest(plan, rpo_id, readings, now)
    if not isinstance(found, _Newest):
        return found
    schedules, age, seen = found.schedules, found.age, found.seen
    intervals = [b.frequency.interval or timedelta(0) for b in schedules]
    shortest = min(intervals)
    if target == timedelta(0):
        continuous = any(b.frequency is Frequency.CONTINUOUS for b in schedules)
        if continuous and age <= CONTINUOUS_FRESH:
            return Status.MET, f"{seen}; continuous stream keeps RPO 0m"
        if shortest and age > shortest:
            return Status.BREACHED, f"{seen} > {format_span(shortest)} schedule interval"
        if continuous:
            return Status.AT_RISK, f"{seen}; RPO 0m: the continuous stream is behind"
        span = format_span(shortest)
        return Status.AT_RISK, f"{seen}; RPO 0m: a {span} schedule can lose up to {span}"
    status = grade(age, target)
    relation = ">" if status is Status.BREACHED else "<="
    evidence = f"{seen} {relation} RPO {format_span(target)}"
    if shortest > target:
        evidence += f" (a {format_span(shortest)} schedule will exceed it before its next run)"
    return status, evidence


def backup_schedule_status(
    plan: Plan, rpo_id: str, readings: Readings, now: datetime
) -> tuple[Status, str]:
    """For an RPO its schedules cannot keep: MET while the newest copy is no older than
    the fastest schedule allows (:func:`~console.judge.thresholds.backup_max_age`, the
    limit the backup cells use: every run happened), BREACHED once a run was missed."""
    found = _newest(plan, rpo_id, readings, now)
    if not isinstance(found, _Newest):
        return found
    schedules, age, seen = found.schedules, found.age, found.seen
    shortest = min(b.frequency.interval or timedelta(0) for b in schedules)
    allowed = f"{format_span(backup_max_age(shortest))} its {format_span(shortest)} schedule"
    if age <= backup_max_age(shortest):
        return Status.MET, f"{seen} <= {allowed} allows"
    return Status.BREACHED, f"{seen} > {allowed} allows: a run was missed"


def _names(schedules: list[BackupSchedule]) -> str:
    return ", ".join(sorted(s.id for s in schedules))
