"""How much data would a failover lose now: the replication links, judged against the RPO.

The loss is what the standby has *not received*: the primary's current WAL position (or
the last one the console saw, if the primary has gone dark) minus the standby's received
position, spanning from the standby's last receipt to when the primary's position last
advanced (now, while it advances): a primary that stopped writing, crashed or corrupt,
loses no more writes by the minute, and the span stays what it was. What the standby
received but has not replayed yet is not lost: it is the work a promotion must do first
(time-to-promote), shown apart. Redis likewise, by replication offsets.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from console.judge.freshness import Readings, last_known, usable, why_unusable
from console.judge.model import Status, grade, worst
from console.judge.thresholds import REDIS_STREAMING_SLACK_BYTES
from console.judge.units import format_bytes, format_span
from console.live.readings import Reading
from services.models import PostgresRole, PostgresSnapshot, RedisRole, RedisSnapshot, Site
from services.postgres.lsn import lsn_to_int


class LinkVerdict(BaseModel):
    """One replication link (PostgreSQL or Redis) and the data a failover would lose."""

    model_config = ConfigDict(frozen=True)

    engine: str
    status: Status
    reason: str
    standby: Site | None = None
    exposure_bytes: int | None = None
    """Written on the primary and not yet received by the standby: lost on failover."""
    exposure_s: float | None = None
    """How long the standby has not received what the primary wrote (0 when caught up)."""
    primary_position_age_s: float | None = None
    """Age of the primary position used when the primary is silent (the last one seen, by
    this console or recorded by an earlier one); None while the primary answers."""
    primary_position_recorded: bool = False
    """The position is one an earlier console recorded (``journal_dir/last-seen.json``),
    not this console's own observation: nobody here watched the primary go silent."""
    replay_backlog_bytes: int | None = None
    """Received but not replayed: work a promotion must finish (not lost)."""
    link_up: bool | None = None
    same_timeline: bool | None = None


def _role(snap: PostgresSnapshot | RedisSnapshot | None, role: PostgresRole | RedisRole
          ) -> bool:
    return snap is not None and snap.role is role


def postgres_link(readings: Readings, now: datetime, rpo: timedelta | None) -> LinkVerdict:
    """The PostgreSQL link from the writable side to its standby, against ``rpo``."""
    fresh = {s: usable(readings, f"postgres/{s}", PostgresSnapshot) for s in Site}
    standby_site = next((s for s in (Site.DR, Site.PRIMARY)
                         if _role(fresh[s], PostgresRole.STANDBY)), None)
    if standby_site is None:
        reported = _seen_by_primary(readings, now, fresh, rpo)
        return reported if reported is not None else _no_standby("postgres", readings, now,
                                                                  fresh)
    standby = fresh[standby_site]
    assert standby is not None
    source = f"postgres/{Site.PRIMARY if standby_site is Site.DR else Site.DR}"
    primary = last_known(readings, source, PostgresSnapshot)
    backlog = _replay_backlog(standby)
    receiving = standby.wal_receiver_connected
    if primary is None or primary.current_lsn is None or standby.receive_lsn is None:
        why = why_unusable(readings, source, now) if primary is None else \
            "WAL positions not reported"
        return LinkVerdict(engine="postgres", status=Status.UNKNOWN, standby=standby_site,
                           reason=f"cannot measure what {standby_site} lacks: {why}",
                           replay_backlog_bytes=backlog, link_up=receiving)
    exposure = max(0, lsn_to_int(primary.current_lsn) - lsn_to_int(standby.receive_lsn))
    position_age = max(0.0, (now - primary.observed_at).total_seconds())
    silent = usable(readings, source, PostgresSnapshot) is None
    until = _writes_until(readings.get(source), primary, silent, now)
    exposure_s = 0.0 if exposure == 0 else _since_received(standby, now, until)
    same_tl = primary.timeline == standby.timeline
    status, reason = _grade_exposure(exposure, exposure_s, rpo)
    if silent:
        # The primary may have written more since it was last seen: a lower bound.
        seen = f"{source} last seen {format_span(position_age)} ago"
        reason = f"standby has all the primary last reported ({seen}); later writes unknown" \
            if exposure == 0 else \
            reason.replace("failover loses", "failover loses at least", 1) + f" ({seen})"
        status = worst((status, Status.AT_RISK))
    if receiving is False:
        status, reason = worst((status, Status.AT_RISK)), reason + " · receiver DOWN"
    if not same_tl:
        status = worst((status, Status.AT_RISK))
        reason += f" · timeline {primary.timeline} vs {standby.timeline}"
    reading = readings.get(source)
    recorded = reading is not None and reading.snapshot is None
    return LinkVerdict(engine="postgres", status=status, reason=reason, standby=standby_site,
                       primary_position_recorded=recorded,
                       exposure_bytes=exposure, exposure_s=exposure_s,
                       primary_position_age_s=position_age if silent else None,
                       replay_backlog_bytes=backlog,
                       link_up=receiving, same_timeline=same_tl)


def _seen_by_primary(readings: Readings, now: datetime,
                     fresh: Mapping[Site, PostgresSnapshot | None], rpo: timedelta | None
                     ) -> LinkVerdict | None:
    """The standby does not answer us, but the primary reports what it has flushed
    (``pg_stat_replication``): that is still a measure of what a failover loses."""
    silent = [s for s in Site if fresh[s] is None]
    writer = next((n for n in fresh.values() if n is not None and _writable(n)), None)
    if writer is None or not writer.replication or writer.current_lsn is None or not silent:
        return None
    row = min(writer.replication, key=lambda r: lsn_to_int(r.flush_lsn))
    exposure = max(0, lsn_to_int(writer.current_lsn) - lsn_to_int(row.flush_lsn))
    lost_s = 0.0 if exposure == 0 else row.replay_lag_s
    status, reason = _grade_exposure(exposure, lost_s, rpo)
    why = why_unusable(readings, f"postgres/{silent[0]}", now)
    return LinkVerdict(engine="postgres", status=status, standby=silent[0],
                       exposure_bytes=exposure, exposure_s=lost_s, link_up=True,
                       reason=f"{reason} (as the primary reports it; {why})")


def _no_standby(engine: str, readings: Readings, now: datetime, fresh: Mapping[Site, Any]
                ) -> LinkVerdict:
    """No standby among the nodes that answer. Unprotected is a fact only when the
    writable side says nobody streams from it; otherwise the link is unknown."""
    missing = [why_unusable(readings, f"{engine}/{s}", now) for s in Site if fresh[s] is None]
    writer = next((snap for snap in fresh.values() if snap is not None and _writable(snap)),
                  None)
    what = "standby" if engine == "postgres" else "replica"
    if writer is not None and _streams(writer) == 0:
        return LinkVerdict(engine=engine, status=Status.AT_RISK, reason="; ".join(
            [f"no {what}: nothing replicates from {writer.site}", *missing]))
    if not missing:
        return LinkVerdict(engine=engine, status=Status.AT_RISK,
                           reason=f"no {what}: nothing replicates")
    return LinkVerdict(engine=engine, status=Status.UNKNOWN, reason="; ".join(missing))


def _writable(snap: PostgresSnapshot | RedisSnapshot) -> bool:
    if isinstance(snap, PostgresSnapshot):
        return snap.role is PostgresRole.PRIMARY and not snap.in_recovery
    return snap.role is RedisRole.MASTER


def _streams(snap: PostgresSnapshot | RedisSnapshot) -> int:
    if isinstance(snap, PostgresSnapshot):
        return len(snap.replication)
    return snap.connected_replicas


def _replay_backlog(standby: PostgresSnapshot) -> int | None:
    if standby.replay_backlog_bytes is not None:
        return standby.replay_backlog_bytes
    if standby.receive_lsn is None or standby.replay_lsn is None:
        return None
    return max(0, lsn_to_int(standby.receive_lsn) - lsn_to_int(standby.replay_lsn))


def _writes_until(reading: Reading[Any] | None, primary: PostgresSnapshot, silent: bool,
                  now: datetime) -> datetime:
    """Until when the primary wrote what the standby lacks: when its position last
    advanced, once a later observation showed it still there (a primary that answers and
    has not moved wrote nothing since) or once it went silent (later writes are unknown,
    and the verdict says so); ``now`` while it advances, or when no one tracked it (a
    reading without ``advanced_at``, a last-seen file from before it was recorded)."""
    advanced = reading.advanced_at if reading is not None else None
    if advanced is None or (not silent and advanced >= primary.observed_at):
        return now
    return min(advanced, now)


def _since_received(standby: PostgresSnapshot, now: datetime, until: datetime
                    ) -> float | None:
    """From the standby's last receipt to ``until`` (the primary's last write): the time
    since it last heard from the primary, or with its receiver down (no receipt time) the
    age of its newest applied commit, an upper bound; less the time since ``until``."""
    since = standby.lag_s if standby.last_wal_receipt_at is None else \
        max(0.0, (now - standby.last_wal_receipt_at).total_seconds())
    if since is None:
        return None
    return max(0.0, since - max(0.0, (now - until).total_seconds()))


def _grade_exposure(exposure: int, exposure_s: float | None, rpo: timedelta | None
                    ) -> tuple[Status, str]:
    lost = f"failover loses {format_bytes(exposure)}"
    if exposure_s is not None and exposure:
        lost += " in flight" if exposure_s < 1 else f" / {format_span(exposure_s)} of writes"
    if rpo is None:
        return Status.UNKNOWN, f"{lost}; no RPO in the plan"
    if exposure == 0:
        return Status.MET, f"{lost}; RPO {format_span(rpo)}"
    if exposure_s is None:
        return Status.UNKNOWN, f"{lost}, for how long unknown; RPO {format_span(rpo)}"
    status = grade(timedelta(seconds=exposure_s), rpo)
    relation = ">" if status is Status.BREACHED else "<="
    return status, f"{lost} {relation} RPO {format_span(rpo)}"


def redis_link(readings: Readings, now: datetime, rpo: timedelta | None) -> LinkVerdict:
    """The Redis link: the offset gap, and how long the link has been down."""
    fresh = {s: usable(readings, f"redis/{s}", RedisSnapshot) for s in Site}
    replica_site = next((s for s in (Site.DR, Site.PRIMARY)
                         if _role(fresh[s], RedisRole.REPLICA)), None)
    if replica_site is None:
        return _no_standby("redis", readings, now, fresh)
    replica = fresh[replica_site]
    assert replica is not None
    source = f"redis/{Site.PRIMARY if replica_site is Site.DR else Site.DR}"
    master = last_known(readings, source, RedisSnapshot)
    master_offset = master.master_repl_offset if master is not None else \
        replica.master_repl_offset
    gap = None if replica.replica_offset is None else max(0, master_offset
                                                         - replica.replica_offset)
    rpo_text = "no RPO in the plan" if rpo is None else f"RPO {format_span(rpo)}"
    common = {"engine": "redis", "standby": replica_site, "exposure_bytes": gap,
              "link_up": replica.link_up}
    if usable(readings, source, RedisSnapshot) is None and master is not None and not gap:
        seen = format_span(max(0.0, (now - master.observed_at).total_seconds()))
        return LinkVerdict(status=Status.AT_RISK, reason=(
            f"replica has all the master last reported ({source} last seen {seen} ago); "
            f"later writes unknown ({rpo_text})"), **common)
    if replica.link_up is False:
        down_s = replica.link_down_since_s
        since = "" if down_s is None else f" for {format_span(down_s)}"
        return LinkVerdict(status=Status.AT_RISK, exposure_s=down_s,
                           reason=f"link down{since} · failover loses {format_bytes(gap)} "
                                  f"({rpo_text})", **common)
    if gap is None or replica.link_up is None:
        return LinkVerdict(status=Status.UNKNOWN, reason=f"replica offset or link state "
                                                         f"not reported ({rpo_text})", **common)
    status = Status.MET if gap < REDIS_STREAMING_SLACK_BYTES else Status.AT_RISK
    return LinkVerdict(status=status, exposure_s=0.0 if status is Status.MET else None,
                       reason=f"link up · {format_bytes(gap)} behind ({rpo_text})", **common)

