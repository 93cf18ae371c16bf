"""Every backup cell (schedule x store): is the newest copy there, and young enough?

The Backups pane, ``verify-backups`` and ``status`` grade cells here, with one age limit
per schedule (:func:`console.judge.thresholds.backup_max_age`), so a daily backup 28 h
old is LATE everywhere, not "ok" on one screen and overdue in a check.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from console.judge.freshness import Readings, usable, why_unusable
from console.judge.model import Status
from console.judge.thresholds import backup_max_age
from console.judge.units import format_span
from console.plan import Plan
from services.models import BackupEntry, BackupSnapshot

BACKUPS = "backups"


class BackupCell(BaseModel):
    """One schedule in one store; ``short`` fits a matrix cell, ``reason`` says why."""

    model_config = ConfigDict(frozen=True)

    component: str
    target: str
    status: Status | None
    """None: nothing to judge (the plan does not send this schedule there, or no store
    is configured for the target)."""
    short: str
    reason: str
    age_s: float | None = None


def judge_cell(component: str, target: str, interval: timedelta | None,
               snapshot: BackupSnapshot | None, now: datetime, *, why_unknown: str = ""
               ) -> BackupCell:
    """The verdict on one cell; ``snapshot`` None means the backups source is not usable."""
    cell = {"component": component, "target": target}
    if snapshot is None:
        return BackupCell(**cell, status=Status.UNKNOWN, short="?", reason=why_unknown)
    if target not in {e.target for e in snapshot.entries}:
        return BackupCell(**cell, status=None, short="n/c",
                          reason=f"no store configured for {target}")
    entry = next((e for e in snapshot.entries
                  if e.component == component and e.target == target), None)
    return _graded(component, target, entry, backup_max_age(interval), now)


def _graded(component: str, target: str, entry: BackupEntry | None, limit: timedelta,
            now: datetime) -> BackupCell:
    cell = {"component": component, "target": target}
    if entry is not None and entry.error is not None:
        return BackupCell(**cell, status=Status.UNKNOWN, short="?",
                          reason=f"store {target} did not answer: {entry.error}")
    if entry is None or entry.latest_at is None:
        return BackupCell(**cell, status=Status.BREACHED, short="MISSING",
                          reason=f"no backup of {component} in {target}")
    age = max(0.0, (now - entry.latest_at).total_seconds())
    seen = f"newest {component} in {target} {format_span(age)} old"
    if age > limit.total_seconds():
        return BackupCell(**cell, status=Status.BREACHED, short=f"LATE {_short_age(age)}",
                          reason=f"{seen} > {format_span(limit)} allowed", age_s=age)
    return BackupCell(**cell, status=Status.MET, short=f"ok {_short_age(age)}",
                      reason=f"{seen} <= {format_span(limit)} allowed", age_s=age)


def backup_cells(plan: Plan, readings: Readings, now: datetime) -> tuple[BackupCell, ...]:
    """Every cell the plan defines (schedule x each of its targets), in plan order."""
    snapshot = usable(readings, BACKUPS, BackupSnapshot)
    why = why_unusable(readings, BACKUPS, now) if snapshot is None else ""
    return tuple(judge_cell(s.id, target, s.frequency.interval, snapshot, now, why_unknown=why)
                 for s in plan.backups for target in s.targets)


def _short_age(seconds: float) -> str:
    """One unit, for a matrix cell: ``45s``, ``23m``, ``2h``, ``3d``."""
    total = int(max(0.0, seconds))
    for unit, size in (("d", 86_400), ("h", 3600), ("m", 60)):
        if total >= size:
            return f"{total // size}{unit}"
    return f"{total}s"
