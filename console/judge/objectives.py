"""Every RTO, RPO and SLA row of the plan, measured against the poller's latest readings.

This answers the operator's two questions — "how long have we got" and "how much data do
we lose if we fail over now" — row by row, with the evidence in words. A row is judged by
the ``measure`` the plan gives it, never by its id, so a plan may name its objectives as
it likes. The rules:

Statuses. MET, AT_RISK, BREACHED, UNKNOWN (a source the measure needs failed, is stale or
missing: never MET), NOT_MONITORED (the plan names no measure) and GAP (a plan gap, see
:mod:`console.judge.gaps`: the live measure is as good as the plan allows, yet the plan
cannot keep the target). A gap row whose live measure is worse keeps that live status,
with the gap added to its evidence; a live outage is never hidden behind a plan flaw.

RTO (``measure``: downtime of what the row covers; AT_RISK while shorter than the target,
BREACHED after). ``service-serving`` is :func:`~console.judge.rto.health_rto`,
``database-writable`` :func:`~console.judge.rto.database_rto`; several measures take the
worst. Downtime starts at ``disruption_at`` when the incident gives it, else at
``down_since[source]``, else at the last good snapshot of a source that stopped answering.

RPO (lag or age graded against the target: MET <= 50 %, AT_RISK <= 100 %, BREACHED above).
``postgres-replication`` is :func:`~console.judge.rpo.database_rpo`, ``redis-replication``
:func:`~console.judge.rpo.sessions_rpo`, ``backup-age``
:func:`~console.judge.backup_age.backup_age_status` (or, for a plan gap,
:func:`~console.judge.backup_age.backup_schedule_status`: is every run happening).

SLA rows take the worst of the RTO and RPO rows they name and of their own ``measure``
(``backup-stores``: every store answering is MET, some failing AT_RISK, all BREACHED).
The SLA ``target`` is its recovery time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Literal

from console.judge.backup_age import BACKUPS, backup_age_status, backup_schedule_status
from console.judge.freshness import Readings, fresh_snapshot, why_unusable
from console.judge.gaps import PlanGap, plan_gaps
from console.judge.model import ObjectiveStatus, Status, worst
from console.judge.rpo import database_rpo, sessions_rpo
from console.judge.rto import DownSince, database_rto, health_rto
from console.plan import Plan
from console.plan.objectives import RecoveryPointObjective, RpoMeasure, RtoMeasure, SlaMeasure
from services.models import BackupSnapshot

__all__ = ["ObjectiveStatus", "Status", "evaluate", "worst"]

Verdict = tuple[Status, str]
Kind = Literal["rto", "rpo", "sla"]
RtoRule = Callable[[timedelta, Readings, datetime, DownSince], Verdict]
RpoRule = Callable[[Plan, str, timedelta, Readings, datetime], Verdict]

RTO_RULES: dict[RtoMeasure, RtoRule] = {
    RtoMeasure.SERVICE_SERVING: health_rto,
    RtoMeasure.DATABASE_WRITABLE: database_rto,
}
RPO_RULES: dict[RpoMeasure, RpoRule] = {
    RpoMeasure.POSTGRES_REPLICATION: database_rpo,
    RpoMeasure.REDIS_REPLICATION: sessions_rpo,
    RpoMeasure.BACKUP_AGE: backup_age_status,
}
"""Measure -> rule; ``none`` has no rule (NOT_MONITORED)."""


def evaluate(
    plan: Plan,
    readings: Readings,
    now: datetime,
    *,
    down_since: Mapping[str, datetime] | None = None,
    disruption_at: datetime | None = None,
) -> tuple[ObjectiveStatus, ...]:
    """One status per RTO, then RPO, then SLA row, in plan order.

    ``disruption_at`` (the incident's disruption time) starts every RTO clock when given,
    whatever each source's own ``down_since`` says: the same start on every screen.
    """
    down: Mapping[str, datetime] = down_since or {}
    if disruption_at is not None:
        down = {name: disruption_at for name in {*readings, *down}}
    gaps = {(g.kind, g.id): g for g in plan_gaps(plan)}
    rows: list[ObjectiveStatus] = []
    for rto in plan.objectives.rto:
        gap = gaps.get(("rto", rto.id))
        parts = [RTO_RULES[m](rto.target, readings, now, down) for m in rto.measure
                 if m in RTO_RULES]
        live = (worst(s for s, _ in parts), "; ".join(e for _, e in parts)) if parts else None
        rows.append(_row("rto", rto.id, rto.component, rto.target, live, gap))
    for rpo in plan.objectives.rpo:
        gap = gaps.get(("rpo", rpo.id))
        rows.append(_row("rpo", rpo.id, rpo.component, rpo.target,
                         _rpo_live(plan, rpo, readings, now, gap), gap))
    by_key: dict[tuple[str, str], ObjectiveStatus] = {(r.kind, r.id): r for r in rows}
    for sla in plan.objectives.sla:
        linked = [by_key[k] for k in [*(("rto", i) for i in sla.rto),
                                      *(("rpo", i) for i in sla.rpo)]]
        parts = []
        if linked:
            names = ", ".join(f"{r.kind.upper()} {r.id} {r.status.label.lower()}"
                              for r in linked)
            parts.append((worst(r.status for r in linked), f"worst of {names}"))
        if sla.measure is SlaMeasure.BACKUP_STORES:
            parts.append(_backup_storage(readings, now))
        status = worst(s for s, _ in parts)
        evidence = "; ".join(e for _, e in parts)
        live = (status, evidence) if parts and status is not Status.NOT_MONITORED else None
        rows.append(_row("sla", sla.id, sla.service, sla.recovery_time, live,
                         gaps.get(("sla", sla.id))))
    return tuple(rows)


def _rpo_live(plan: Plan, rpo: RecoveryPointObjective, readings: Readings, now: datetime,
              gap: PlanGap | None) -> Verdict | None:
    if gap is not None and not gap.monitored:
        return None
    if gap is not None and rpo.measure is RpoMeasure.BACKUP_AGE:
        return backup_schedule_status(plan, rpo.id, readings, now)
    rule = RPO_RULES.get(rpo.measure)
    return rule(plan, rpo.id, rpo.target, readings, now) if rule is not None else None


def _row(kind: Kind, row_id: str, label: str, target: timedelta, live: Verdict | None,
         gap: PlanGap | None) -> ObjectiveStatus:
    """The row's status: NOT_MONITORED with no live measure, GAP while the live measure is
    met but the plan cannot keep the target, else the live status (gap noted)."""
    reason = gap.reason if gap is not None else None
    if live is None:
        status, evidence = Status.NOT_MONITORED, reason or "not monitored"
    elif gap is None:
        status, evidence = live
    elif live[0] is Status.MET:
        status, evidence = Status.GAP, f"plan gap: {gap.reason}; live: {live[1]}"
    else:
        status, evidence = live[0], f"{live[1]}; plan gap: {gap.reason}"
    return ObjectiveStatus(kind=kind, id=row_id, label=label, target=target, status=status,
                           evidence=evidence, gap=reason)


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
