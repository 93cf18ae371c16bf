"""RPO rules for the replicated stores: PostgreSQL (``measure = "postgres-replication"``)
and Redis (``"redis-replication"``).

Replication lag is the data we would lose by failing over now, so it is the first measure;
backup age is the fallback when replication tells us nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from console.judge.backup_age import backup_age_status
from console.judge.model import (
    Readings,
    Status,
    format_span,
    fresh_snapshot,
    grade,
    worst,
)
from console.judge.model import why_unusable as _why
from console.plan import Plan
from services.models import PostgresRole, PostgresSnapshot, RedisRole, RedisSnapshot, Site

PG = ("postgres/primary", "postgres/dr")
REDIS = ("redis/primary", "redis/dr")


def _postgres(readings: Readings) -> list[PostgresSnapshot]:
    found = [fresh_snapshot(readings, name) for name in PG]
    return [s for s in found if isinstance(s, PostgresSnapshot)]


def _graded_lag(lag_s: float, what: str, target: timedelta) -> tuple[Status, str]:
    status = grade(timedelta(seconds=lag_s), target)
    relation = ">" if status is Status.BREACHED else "<="
    return status, f"{what} {format_span(lag_s)} {relation} RPO {format_span(target)}"


def _replication_lag(primary: PostgresSnapshot) -> float | None:
    lags = [r.replay_lag_s for r in primary.replication if r.replay_lag_s is not None]
    return max(lags) if lags else None


def database_rpo(
    plan: Plan, rpo_id: str, target: timedelta, readings: Readings, now: datetime
) -> tuple[Status, str]:
    """Standby lag, else the primary's replication rows, else the newest postgres backup.

    After a failover (the DR node is a writable primary) the loss at promotion is history;
    what is at stake now is the promoted primary's own protection: its replication rows if
    it has a standby again, else backup age, else AT_RISK (writable but unprotected).
    """
    nodes = _postgres(readings)
    promoted = next((n for n in nodes if n.site is Site.DR and not n.in_recovery
                     and n.role is PostgresRole.PRIMARY), None)
    if promoted is not None:
        lag = _replication_lag(promoted)
        if lag is not None:
            return _graded_lag(lag, "DR primary (promoted) standby replay lag", target)
        status, evidence = backup_age_status(plan, rpo_id, target, readings, now)
        if status is Status.UNKNOWN:
            return Status.AT_RISK, f"DR primary is writable (promoted), no standby; {evidence}"
        return status, f"DR primary is writable (promoted), no standby; {evidence}"
    standby = next((n for n in nodes if n.role is PostgresRole.STANDBY and n.lag_s is not None),
                   None)
    if standby is not None and standby.lag_s is not None:
        status, evidence = _graded_lag(standby.lag_s, f"standby lag ({standby.site})", target)
        if standby.wal_receiver_connected is False:
            # A disconnected standby's lag stops growing: it cannot vouch for "met".
            return worst((status, Status.AT_RISK)), f"{evidence}; WAL receiver disconnected"
        return status, evidence
    primary = next((n for n in nodes if n.role is PostgresRole.PRIMARY), None)
    lag = _replication_lag(primary) if primary is not None else None
    if lag is not None:
        return _graded_lag(lag, "primary reports replay lag", target)
    status, evidence = backup_age_status(plan, rpo_id, target, readings, now)
    if status is Status.UNKNOWN:
        reasons = [_why(readings, n, now) for n in PG if fresh_snapshot(readings, n) is None]
        no_lag = "no replication lag reported" if nodes else "; ".join(reasons)
        return Status.UNKNOWN, f"{no_lag}; {evidence}"
    return status, f"no replication data; {evidence}"


STREAMING_SLACK_BYTES = 1 << 20
"""In-flight replication traffic on a healthy link: a replica this close is keeping up."""


def sessions_rpo(
    plan: Plan, rpo_id: str, target: timedelta, readings: Readings, now: datetime
) -> tuple[Status, str]:
    """Redis replica offset while the link is up; saved-data age once it is down.

    Lag in bytes has no time unit: a replica with its link up and less than
    ``STREAMING_SLACK_BYTES`` behind is streaming normally (MET); further behind it is
    AT_RISK (not graded); with the link down the replica is frozen and the freshest
    recoverable copy is the master's last RDB save or the newest ``sessions`` backup,
    graded against the target.
    """
    found = [fresh_snapshot(readings, name) for name in REDIS]
    nodes = [s for s in found if isinstance(s, RedisSnapshot)]
    replica = next((n for n in nodes if n.role is RedisRole.REPLICA), None)
    if replica is not None and replica.link_up:
        lag = replica.lag_bytes or 0
        if lag < STREAMING_SLACK_BYTES:
            return Status.MET, f"redis replica ({replica.site}) streaming, link up, lag {lag} B"
        return Status.AT_RISK, f"redis replica ({replica.site}) {lag} B behind"
    backup_status, backup_evidence = backup_age_status(plan, rpo_id, target, readings, now)
    master = next((n for n in nodes if n.role is RedisRole.MASTER), None)
    link = "redis replica link down" if replica is not None else "no redis replica answering"
    if master is not None and master.last_rdb_save_age_s is not None:
        rdb_status, rdb_evidence = _graded_lag(
            master.last_rdb_save_age_s, f"last RDB save on {master.site}", target)
        if backup_status is Status.UNKNOWN or _better(rdb_status, backup_status):
            return rdb_status, f"{link}; {rdb_evidence}"
    if backup_status is Status.UNKNOWN and not nodes:
        reasons = "; ".join(_why(readings, n, now) for n in REDIS)
        return Status.UNKNOWN, f"{reasons}; {backup_evidence}"
    return backup_status, f"{link}; {backup_evidence}"


def _better(a: Status, b: Status) -> bool:
    order = (Status.MET, Status.AT_RISK, Status.BREACHED, Status.UNKNOWN)
    return order.index(a) < order.index(b)
