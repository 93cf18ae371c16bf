"""RPO rules for the replicated stores: PostgreSQL (``measure = "postgres-replication"``)
and Redis (``"redis-replication"``).

What a failover would lose now is the judge's link verdict
(:mod:`console.judge.replication`), so the RPO row and the Replication pane never
disagree; backup age bounds the loss only when nothing replicates.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from console.judge.backup_age import backup_age_status
from console.judge.freshness import Readings, fresh_snapshot
from console.judge.model import Status, worst
from console.judge.replication import postgres_link, redis_link
from console.judge.units import format_span
from console.plan import Plan
from services.models import RedisRole, RedisSnapshot


def database_rpo(
    plan: Plan, rpo_id: str, target: timedelta, readings: Readings, now: datetime
) -> tuple[Status, str]:
    """The judge's PostgreSQL link: what a failover would lose now, against ``target``.

    The row and the Replication pane say the same thing. When nothing replicates (after a
    failover, before the old primary is rebuilt) the newest backup bounds the loss; when
    the link cannot be seen the row is UNKNOWN, with the newest backup as evidence.
    """
    link = postgres_link(readings, now, target)
    return _with_backup_bound(link.status, link.reason, link.standby is None,
                              backup_age_status(plan, rpo_id, target, readings, now))


def sessions_rpo(
    plan: Plan, rpo_id: str, target: timedelta, readings: Readings, now: datetime
) -> tuple[Status, str]:
    """The judge's Redis link: the offset gap while the link is up; with it down, the link's
    verdict with the master's last RDB save and the newest backup as evidence."""
    link = redis_link(readings, now, target)
    status, evidence = _with_backup_bound(
        link.status, link.reason, link.standby is None,
        backup_age_status(plan, rpo_id, target, readings, now))
    master = next((s for s in (fresh_snapshot(readings, n) for n in REDIS)
                   if isinstance(s, RedisSnapshot) and s.role is RedisRole.MASTER), None)
    saved_s = master.last_rdb_save_age_s if master is not None else None
    if link.link_up is not True and master is not None and saved_s is not None:
        evidence += f"; last RDB save on {master.site} {format_span(saved_s)} ago"
    return status, evidence


REDIS = ("redis/primary", "redis/dr")


def _with_backup_bound(status: Status, reason: str, no_standby: bool,
                       backup: tuple[Status, str]) -> tuple[Status, str]:
    """The link's verdict; with no standby in sight, the backup evidence joins it."""
    if status is Status.UNKNOWN:
        # What a failover would lose cannot be seen: the row says so. The newest backup is
        # evidence (what a restore would lose), not a verdict on the replication.
        return Status.UNKNOWN, f"{reason}; {backup[1]}"
    if no_standby:
        return worst((status, backup[0])) if backup[0] is not Status.UNKNOWN else status, \
            f"{reason}; {backup[1]}"
    return status, reason
