"""Continuous backups and manual stores: WAL archiving, Redis persistence, tape handovers.

A listing cannot show that the archiver is failing *now*: the newest archived segment
stays in the store, looking fine, while every new one fails. So WAL archiving is judged
from the primary's own archiver counters: a failure newer than the last success means
the archive is falling behind from this poll on. Redis says itself whether its last RDB
save and AOF write worked. Tape is a manual store: the only evidence is the handover
the operator recorded, judged against each schedule that must reach it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from console.judge.freshness import Readings, usable, why_unusable
from console.judge.model import Status
from console.judge.thresholds import CONTINUOUS_MAX_AGE, backup_max_age
from console.judge.units import format_span
from console.plan import Plan
from console.plan.backups import StoreKind
from services.models import PostgresRole, PostgresSnapshot, RedisRole, RedisSnapshot


class StreamVerdict(BaseModel):
    model_config = ConfigDict(frozen=True)
    what: str
    status: Status
    reason: str
    age_s: float | None = None
    """How old the evidence is (a handover), when there is one."""


def wal_archiving(readings: Readings, now: datetime, site: str = "primary") -> StreamVerdict:
    """The primary's archiver: failing, behind, or keeping up."""
    name = f"postgres/{site}"
    snap = usable(readings, name, PostgresSnapshot)
    what = f"WAL archiving ({site})"
    if snap is None:
        return StreamVerdict(what=what, status=Status.UNKNOWN,
                             reason=why_unusable(readings, name, now))
    if snap.role is not PostgresRole.PRIMARY:
        return StreamVerdict(what=what, status=Status.NOT_MONITORED,
                             reason=f"{name} is not a primary: it does not archive")
    failed, archived = snap.last_failed_at, snap.last_archived_at
    if failed is not None and (archived is None or failed > archived):
        return StreamVerdict(what=what, status=Status.BREACHED, reason=(
            f"archive_command failing: {snap.failed_count} failures, last "
            f"{format_span(now - failed)} ago, last success "
            f"{format_span(now - archived) + ' ago' if archived else 'never'}"))
    if archived is None:
        return StreamVerdict(what=what, status=Status.AT_RISK,
                             reason="nothing archived yet")
    age = now - archived
    if age > CONTINUOUS_MAX_AGE:
        return StreamVerdict(what=what, status=Status.AT_RISK, reason=(
            f"last archived {format_span(age)} ago > {format_span(CONTINUOUS_MAX_AGE)} the "
            "WAL schedule allows (idle, or archive_timeout unset)"))
    return StreamVerdict(what=what, status=Status.MET, reason=(
        f"{snap.archived_count} archived, last {format_span(age)} ago, "
        f"{snap.failed_count} failures"))


def redis_persistence(readings: Readings, now: datetime, site: str = "primary"
                      ) -> StreamVerdict:
    """What Redis says of its last RDB save and its AOF writes."""
    name = f"redis/{site}"
    snap = usable(readings, name, RedisSnapshot)
    what = f"Redis persistence ({site})"
    if snap is None:
        return StreamVerdict(what=what, status=Status.UNKNOWN,
                             reason=why_unusable(readings, name, now))
    bad = []
    if snap.rdb_last_status != "ok":
        bad.append(f"last RDB save {snap.rdb_last_status}")
    if snap.aof_enabled and snap.aof_last_write_status != "ok":
        bad.append(f"last AOF write {snap.aof_last_write_status}")
    if bad:
        return StreamVerdict(what=what, status=Status.BREACHED, reason="; ".join(bad))
    aof = "AOF on, writes ok" if snap.aof_enabled else "AOF off"
    return StreamVerdict(what=what, status=Status.MET, reason=f"RDB save ok; {aof}")


def handover_verdict(schedule_id: str, interval: timedelta | None, target: str,
                     last: datetime | None, now: datetime) -> StreamVerdict:
    """One schedule on a manual store, judged by the newest handover recorded to it."""
    what = f"{schedule_id} on {target}"
    if last is None:
        return StreamVerdict(what=what, status=Status.BREACHED,
                             reason=f"no handover to {target} recorded")
    age, limit = now - last, backup_max_age(interval)
    status = Status.MET if age <= limit else Status.BREACHED
    relation = "<=" if status is Status.MET else ">"
    return StreamVerdict(what=what, status=status, age_s=age.total_seconds(), reason=(
        f"last handover {format_span(age)} ago {relation} {format_span(limit)} its "
        f"{format_span(interval or CONTINUOUS_MAX_AGE)} schedule allows"))


def last_handover(handovers: Sequence[tuple[str, datetime]], target: str) -> datetime | None:
    return max((at for t, at in handovers if t == target), default=None)


def tape_cells(plan: Plan, handovers: Sequence[tuple[str, datetime]], now: datetime
               ) -> list[StreamVerdict]:
    """Each schedule x manual target, judged by the newest recorded handover to it."""
    manual = [t.id for t in plan.backup_targets if t.store is StoreKind.TAPE]
    return [handover_verdict(s.id, s.frequency.interval, target,
                             last_handover(handovers, target), now)
            for target in manual for s in plan.backups if target in s.targets]


def streams(readings: Readings, now: datetime) -> tuple[StreamVerdict, StreamVerdict]:
    """WAL archiving of whichever site's database is the primary (the primary site's if
    neither answers as one) and the persistence of whichever Redis is the master."""
    def pg_primary(site: str) -> bool:
        snap = usable(readings, f"postgres/{site}", PostgresSnapshot)
        return snap is not None and snap.role is PostgresRole.PRIMARY

    def redis_master(site: str) -> bool:
        snap = usable(readings, f"redis/{site}", RedisSnapshot)
        return snap is not None and snap.role is RedisRole.MASTER

    wal_site = next((s for s in SITES if pg_primary(s)), SITES[0])
    redis_site = next((s for s in SITES if redis_master(s)), SITES[0])
    return wal_archiving(readings, now, wal_site), redis_persistence(readings, now, redis_site)


SITES = ("primary", "dr")
