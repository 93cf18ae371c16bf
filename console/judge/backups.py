"""Every backup cell (schedule x store): is the newest copy there, young enough, kept as
its retention says, and verified?

The Backups pane, ``verify-backups`` and ``status`` grade cells here, with one age limit
per schedule (:func:`console.judge.thresholds.backup_max_age`), so a daily backup 28 h
old is LATE everywhere, not "ok" on one screen and overdue in a check.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from console.judge.backup_streams import handover_verdict, last_handover
from console.judge.backup_trust import Trust, Verifications, cell_trust, verifications
from console.judge.freshness import Readings, usable, why_unusable
from console.judge.model import Status
from console.judge.retention import Kept, retention_findings
from console.judge.thresholds import backup_max_age
from console.judge.units import format_span
from console.live.maintenance import MAINTENANCE, MaintenanceSnapshot
from console.plan import Plan
from console.plan.backups import BackupSchedule, StoreKind
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
    trust: Trust | None = None
    """Whether the newest backup was verified; None: not applicable (no backup listed, a
    manual store) or not monitored (no maintenance journal is read: a drill)."""
    trust_reason: str = ""

    @property
    def text(self) -> str:
        """The matrix cell: ``ok 2h✓``, ``BAD 2h✗``, ``LATE 2d?``."""
        return self.short + (self.trust.mark if self.trust is not None else "")


def judge_cell(component: str, target: str, interval: timedelta | None,
               snapshot: BackupSnapshot | None, now: datetime, *, why_unknown: str = "",
               retention: timedelta | None = None, found: Verifications | None = None
               ) -> BackupCell:
    """The verdict on one cell; ``snapshot`` None means the backups source is not usable.

    The listing's age comes first (missing, late, on time); then retention (the rule
    ``backups verify`` applies, on the listing's counts); then the last verification of
    the newest backup: a failed one makes the cell BREACHED (it may not restore).
    """
    cell = {"component": component, "target": target}
    if snapshot is None:
        return BackupCell(**cell, status=Status.UNKNOWN, short="?", reason=why_unknown)
    if target not in {e.target for e in snapshot.entries}:
        return BackupCell(**cell, status=None, short="n/c",
                          reason=f"no store configured for {target}")
    entry = next((e for e in snapshot.entries
                  if e.component == component and e.target == target), None)
    graded = _graded(component, target, entry, backup_max_age(interval), now)
    age = graded.age_s
    if entry is None or age is None:
        return graded
    findings = retention_findings(
        Kept(entry.count_in_retention, entry.latest_at, entry.oldest_at,
             entry.count_past_retention, entry.oldest_past_at), interval, retention, now)
    if findings and graded.status is Status.MET:
        graded = graded.model_copy(update={"status": Status.AT_RISK,
                                           "short": f"RET {_short_age(age)}"})
    if findings:
        graded = graded.model_copy(update={"reason": "; ".join([graded.reason, *findings])})
    if found is None:
        return graded
    trust, why = cell_trust(found, component, target, entry, now)
    update: dict[str, object] = {"trust": trust, "trust_reason": why}
    if trust is Trust.FAILED:
        update |= {"status": Status.BREACHED, "short": f"BAD {_short_age(age)}",
                   "reason": f"its last verification failed; {graded.reason}"}
    return graded.model_copy(update=update)


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


def _manual_cell(schedule: BackupSchedule, target: str, snapshot: MaintenanceSnapshot,
                 now: datetime) -> BackupCell:
    """A manual store (tape) lists nothing: its recorded handovers are the evidence."""
    handovers = [(h.target, h.at) for h in snapshot.handovers]
    verdict = handover_verdict(schedule.id, schedule.frequency.interval, target,
                               last_handover(handovers, target), now)
    age = verdict.age_s
    word = "MISSING" if age is None else "ok" if verdict.status is Status.MET else "LATE"
    return BackupCell(component=schedule.id, target=target, status=verdict.status,
                      short=word if age is None else f"{word} {_short_age(age)}",
                      reason=f"manual store: {verdict.reason}", age_s=age)


def backup_cells(plan: Plan, readings: Readings, now: datetime) -> tuple[BackupCell, ...]:
    """Every cell the plan defines (schedule x each of its targets), in plan order."""
    snapshot = usable(readings, BACKUPS, BackupSnapshot)
    why = why_unusable(readings, BACKUPS, now) if snapshot is None else ""
    found = verifications(readings, now)
    journal = usable(readings, MAINTENANCE, MaintenanceSnapshot)
    manual = {t.id for t in plan.backup_targets if t.store is StoreKind.TAPE}
    listed = {e.target for e in snapshot.entries} if snapshot is not None else set()
    cells = []
    for s in plan.backups:
        for target in s.targets:
            if target in manual and target not in listed and journal is not None:
                cells.append(_manual_cell(s, target, journal, now))
                continue
            cells.append(judge_cell(s.id, target, s.frequency.interval, snapshot, now,
                                    why_unknown=why, retention=s.retention, found=found))
    return tuple(cells)


def _short_age(seconds: float) -> str:
    """One unit, for a matrix cell: ``45s``, ``23m``, ``2h``, ``3d``."""
    total = int(max(0.0, seconds))
    for unit, size in (("d", 86_400), ("h", 3600), ("m", 60)):
        if total >= size:
            return f"{total // size}{unit}"
    return f"{total}s"
