"""Every RTO, RPO and SLA row of the plan, measured against the poller's latest readings.

This answers the operator's two questions — "how long have we got" and "how much data do
we lose if we fail over now" — row by row, with the evidence in words. The rules:

Statuses. MET, AT_RISK, BREACHED, or UNKNOWN. Data we cannot see is never MET: a stale
(error set) or pending reading makes the row UNKNOWN with the reason and the age of the
last good data (``postgres/dr: timeout after 4s; last good data 1m10s old``).
``worst`` ranks BREACHED > UNKNOWN > AT_RISK > MET.

RPO (lag or age graded against the target: MET <= 50 %, AT_RISK <= 100 %, BREACHED above).
  * database — the standby's ``lag_s`` (the snapshot whose role is standby), else the
    primary's ``replication[].replay_lag_s`` (the largest), else the age of the newest
    backup of the schedules linked to this RPO (postgres-wal/incremental/full, newest
    ``latest_at`` across stores); UNKNOWN when none is fresh. A standby whose WAL
    receiver is disconnected is at best AT_RISK. After a failover (the DR node is a
    writable primary) the loss at promotion is past; the row then measures the promoted
    primary's protection: its own replication lag, else backup age, else AT_RISK
    ("DR primary is writable (promoted), no standby").
  * sessions — a Redis replica with its link up: 0 bytes behind is MET, any bytes behind
    AT_RISK (bytes have no time unit). Link down or no replica: the fresher of the
    master's ``last_rdb_save_age_s`` and the newest redis backup, graded.
  * any other RPO (configuration, audit-logs, user-files) — newest backup age of its
    linked schedules. A 0m target is met only by a continuous stream under 1 minute old;
    otherwise BREACHED once older than the shortest schedule interval, else AT_RISK.
    When the schedule itself is slower than the target, the evidence says it cannot meet it.

RTO (downtime of what the row covers; AT_RISK while shorter than the target, BREACHED
after; start = ``down_since[source]``, else the last good snapshot's ``observed_at`` of a
source that stopped answering). A health or database source that does not answer counts
as down — never MET — since that is what an outage looks like from the jump host.
  * app-services — the health endpoint of the site DNS points at (primary if DNS unknown).
  * database — PostgreSQL writable (primary, not in recovery) on either site.
  * full-system — the worse of the two above.
  * configuration, monitoring, and any id without a rule — UNKNOWN, "no live source for
    this objective": no poller source observes them.

SLA rows take the worst of their linked rows (``SLA_LINKS``; else an RTO/RPO of the same
id), and the evidence names them. ``backup-storage`` is measured directly: every store in
the ``backups`` snapshot answering is MET, some failing AT_RISK, all failing BREACHED.
The SLA ``target`` is its recovery time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from console.judge.backup_age import BACKUPS, backup_age_status
from console.judge.model import (
    ObjectiveStatus,
    Readings,
    Status,
    format_span,
    fresh_snapshot,
    why_unusable,
    worst,
)
from console.judge.rpo import database_rpo, sessions_rpo
from console.judge.rto import DownSince, database_rto, health_rto
from console.plan import Plan
from services.models import BackupSnapshot

__all__ = ["SLA_LINKS", "ObjectiveStatus", "Status", "evaluate", "format_span", "worst"]

Verdict = tuple[Status, str]
RtoRule = Callable[[timedelta, Readings, datetime, DownSince], Verdict]
RpoRule = Callable[[Plan, str, timedelta, Readings, datetime], Verdict]

NO_SOURCE = "no live source for this objective"


def _full_system(target: timedelta, readings: Readings, now: datetime, down: DownSince
                 ) -> Verdict:
    parts = (health_rto(target, readings, now, down), database_rto(target, readings, now, down))
    return worst(s for s, _ in parts), "; ".join(e for _, e in parts)


RTO_RULES: dict[str, RtoRule] = {
    "app-services": health_rto,
    "database": database_rto,
    "full-system": _full_system,
}
RPO_RULES: dict[str, RpoRule] = {"database": database_rpo, "sessions": sessions_rpo}
SLA_LINKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "core-api": (("app-services",), ("database",)),
    "session-management": (("app-services",), ("sessions",)),
    "database": (("database",), ("database",)),
    "monitoring": (("monitoring",), ("audit-logs",)),
}
"""SLA id -> (RTO ids, RPO ids) it is made of, for the default plan's services."""


def evaluate(
    plan: Plan,
    readings: Readings,
    now: datetime,
    *,
    down_since: Mapping[str, datetime] | None = None,
) -> tuple[ObjectiveStatus, ...]:
    """One status per RTO, then RPO, then SLA row, in plan order."""
    known = readings
    down = down_since or {}
    rows: list[ObjectiveStatus] = []
    for rto in plan.objectives.rto:
        rto_rule = RTO_RULES.get(rto.id)
        status, evidence = (rto_rule(rto.target, known, now, down) if rto_rule
                            else (Status.UNKNOWN, NO_SOURCE))
        rows.append(ObjectiveStatus(kind="rto", id=rto.id, label=rto.component,
                                    target=rto.target, status=status, evidence=evidence))
    for rpo in plan.objectives.rpo:
        rpo_rule = RPO_RULES.get(rpo.id, backup_age_status)
        status, evidence = rpo_rule(plan, rpo.id, rpo.target, known, now)
        rows.append(ObjectiveStatus(kind="rpo", id=rpo.id, label=rpo.component,
                                    target=rpo.target, status=status, evidence=evidence))
    by_key: dict[tuple[str, str], ObjectiveStatus] = {(r.kind, r.id): r for r in rows}
    for sla in plan.objectives.sla:
        if sla.id == "backup-storage":
            status, evidence = _backup_storage(known, now)
        else:
            status, evidence = _combine(sla.id, by_key)
        rows.append(ObjectiveStatus(kind="sla", id=sla.id, label=sla.service,
                                    target=sla.recovery_time, status=status, evidence=evidence))
    return tuple(rows)


def _combine(sla_id: str, by_key: Mapping[tuple[str, str], ObjectiveStatus]) -> Verdict:
    rto_ids, rpo_ids = SLA_LINKS.get(sla_id, ((sla_id,), (sla_id,)))
    linked = [by_key[k] for k in [*(("rto", i) for i in rto_ids), *(("rpo", i) for i in rpo_ids)]
              if k in by_key]
    if not linked:
        return Status.UNKNOWN, "no RTO or RPO objective linked to this service"
    names = ", ".join(f"{r.kind.upper()} {r.id} {r.status}" for r in linked)
    return worst(r.status for r in linked), f"worst of {names}"


def _backup_storage(readings: Readings, now: datetime) -> Verdict:
    snapshot = fresh_snapshot(readings, BACKUPS)
    if not isinstance(snapshot, BackupSnapshot):
        return Status.UNKNOWN, why_unusable(readings, BACKUPS, now)
    stores = {e.target for e in snapshot.entries}
    failing = sorted({e.target for e in snapshot.entries if e.error is not None})
    if not stores:
        return Status.UNKNOWN, "backups: no store listed any backup"
    if not failing:
        return Status.MET, f"all {len(stores)} backup stores answered"
    status = Status.BREACHED if len(failing) == len(stores) else Status.AT_RISK
    return status, f"{len(failing)} of {len(stores)} stores failing: {', '.join(failing)}"
