"""verify-backups: is the newest copy of each backup schedule young enough?

The plan gives each schedule a frequency, not a maximum age, so the limit is derived:
one interval plus a twelfth of it for the run itself (a daily backup may be 26h old, the
same bound the default plan writes for ``pg-identify-backup``). A continuous stream
(WAL, AOF) must have shipped something within
:data:`console.judge.thresholds.CONTINUOUS_MAX_AGE`. The limits live in the judge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from console.actions.checks import evaluate_check
from console.actions.model import ActionError
from console.judge.freshness import Readings, usable, why_unusable
from console.judge.thresholds import backup_max_age
from console.judge.units import format_span
from console.plan import Plan
from console.plan.checks import BackupAgeUnder
from services.models import BackupSnapshot


def backup_max_ages(plan: Plan) -> dict[str, timedelta]:
    """Schedule id -> the oldest its newest copy may be: the judge's one limit per schedule,
    the same the Backups pane grades its cells by."""
    return {s.id: backup_max_age(s.frequency.interval) for s in plan.backups}


def verify_backups(components: Sequence[str], max_ages: Mapping[str, timedelta],
                   readings: Readings, now: datetime) -> str:
    """One line per component; raises :class:`ActionError` listing what is overdue.

    Without a maximum age for a component (no plan given), its age is only reported.
    """
    snap = usable(readings, "backups", BackupSnapshot)
    if snap is None:
        raise ActionError(f"cannot verify backups: {why_unusable(readings, 'backups', now)}")
    wanted = list(components) or sorted(set(max_ages) | {e.component for e in snap.entries})
    lines: list[str] = []
    failed: list[str] = []
    for component in wanted:
        limit = max_ages.get(component)
        if limit is None:
            line, ok = _age_only(snap, component, now)
        else:
            check = BackupAgeUnder(kind="backup-age", component=component, max_age=limit)
            result = evaluate_check(check, readings, now)
            line, ok = result.detail, result.ok is True
        lines.append(f"{component}: {line}")
        if not ok:
            failed.append(component)
    report = "\n".join(lines)
    if failed:
        raise ActionError(f"{len(failed)} of {len(wanted)} backups not verified "
                          f"({', '.join(failed)}):\n{report}")
    return report



def _age_only(snap: BackupSnapshot, component: str, now: datetime) -> tuple[str, bool]:
    """The newest copy's age with no limit to judge it by; a missing backup still fails."""
    dated = [e for e in snap.entries if e.component == component and e.latest_at is not None]
    if not dated:
        return f"no backup of {component} found", False
    newest = max(dated, key=lambda e: e.latest_at or now)
    age = max(timedelta(0), now - (newest.latest_at or now))
    return f"newest {component} backup in {newest.target} {format_span(age)} old", True
