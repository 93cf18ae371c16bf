"""What a failover onto a site would cost and risk now: the inputs of the data-protection gates.

The gates in :mod:`console.actions.gates` only turn these facts into OK/WARNING/BLOCKING;
every fact is decided here, from the same link verdicts the dashboard shows, so the
replication pane and a promote's refusal can never disagree about how much would be lost.

* data loss: WAL the target has not *received* (the primary's position, or the last one
  seen, minus the standby's receive position) against ``max_lag_on_failover`` (Patroni's
  rule, 1 MiB by default); the replay backlog is time-to-promote, not loss;
* the Redis offset gap against the same bound;
* same timeline on both sides (a standby on another timeline is a different history);
* WAL archiving healthy on the writable side (the last archive must not be a failure).

A fact is True (holds), False (fails) or None (cannot be told now), with its words.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from console.judge.freshness import Readings, last_known
from console.judge.replication import LinkVerdict, postgres_link, redis_link
from console.judge.units import format_bytes, format_span
from services.models import PostgresRole, PostgresSnapshot, Site


class GateFact(BaseModel):
    """One input of a safety gate, judged."""

    model_config = ConfigDict(frozen=True)

    name: str
    holds: bool | None
    message: str


def exposure_words(link: LinkVerdict, rpo: timedelta | None) -> str:
    """``loses ~49 KiB / 1m44s of writes; RPO 5m``: what the confirmation states."""
    if link.exposure_bytes is None:
        return f"loss unknown ({link.reason})"
    text = f"loses ~{format_bytes(link.exposure_bytes)}"
    if link.exposure_bytes and link.exposure_s is not None:
        text += f" / {format_span(link.exposure_s)} of writes"
    if link.primary_position_age_s:
        text += f" (at least: primary last seen {format_span(link.primary_position_age_s)} ago)"
    return text + (f"; RPO {format_span(rpo)}" if rpo is not None else "; no RPO in the plan")


def postgres_data_loss(readings: Readings, now: datetime, target: Site, max_lag: int,
                       rpo: timedelta | None) -> GateFact:
    """Bytes ``target`` has not received, against ``max_lag`` bytes."""
    link = postgres_link(readings, now, rpo)
    limit = f"max_lag_on_failover {format_bytes(max_lag)}"
    if link.standby is not target or link.exposure_bytes is None:
        why = link.reason if link.standby in (target, None) else \
            f"postgres/{target} is not the standby ({link.reason})"
        return GateFact(name="data-loss", holds=None,
                        message=f"data-loss exposure unknown: {why}")
    words = exposure_words(link, rpo)
    if link.exposure_bytes > max_lag:
        return GateFact(name="data-loss", holds=False, message=(
            f"data-loss exposure: postgres/{target} has not received "
            f"{format_bytes(link.exposure_bytes)} of WAL (> {limit}): failover {words}"))
    return GateFact(name="data-loss", holds=True,
                    message=f"data-loss exposure within {limit}: failover {words}")


def redis_data_loss(readings: Readings, now: datetime, target: Site, max_lag: int,
                    rpo: timedelta | None) -> GateFact:
    """The Redis offset gap of ``target`` (the master's offset, or the last one seen)."""
    link = redis_link(readings, now, rpo)
    if link.standby is not target or link.exposure_bytes is None:
        return GateFact(name="redis-data-loss", holds=None,
                        message=f"Redis offset gap unknown: {link.reason}")
    gap = format_bytes(link.exposure_bytes)
    if link.exposure_bytes > max_lag:
        return GateFact(name="redis-data-loss", holds=False, message=(
            f"Redis offset gap: redis/{target} lacks {gap} (> max_lag_on_failover "
            f"{format_bytes(max_lag)}): {link.reason}"))
    return GateFact(name="redis-data-loss", holds=True,
                    message=f"Redis offset gap {gap}: {link.reason}")


def same_timeline(readings: Readings, now: datetime, target: Site) -> GateFact:
    """Both sides on one timeline: a standby that forked off is not the primary's copy."""
    link = postgres_link(readings, now, None)
    if link.standby is not target or link.same_timeline is None:
        return GateFact(name="timeline", holds=None,
                        message=f"timeline cannot be compared: {link.reason}")
    source = f"postgres/{_other(target)}"
    writer = last_known(readings, source, PostgresSnapshot)
    standby = last_known(readings, f"postgres/{target}", PostgresSnapshot)
    tl = f"{writer.timeline if writer else '?'} vs {standby.timeline if standby else '?'}"
    if not link.same_timeline:
        return GateFact(name="timeline", holds=False,
                        message=f"timelines differ (primary vs standby: {tl}): "
                                f"postgres/{target} is not a copy of the primary's history")
    return GateFact(name="timeline", holds=True, message=f"same timeline on both sides ({tl})")


def wal_archiving(readings: Readings, now: datetime, target: Site) -> GateFact:
    """The writable side's archiver: its last attempt must not be a failure."""
    source = f"postgres/{_other(target)}"
    snap = last_known(readings, source, PostgresSnapshot)
    if snap is None or snap.role is not PostgresRole.PRIMARY:
        return GateFact(name="wal-archiving", holds=None,
                        message=f"WAL archiving unknown: no primary report from {source}")
    failed, archived = snap.last_failed_at, snap.last_archived_at
    if failed is not None and (archived is None or failed > archived):
        age = format_span(max(0.0, (now - failed).total_seconds()))
        return GateFact(name="wal-archiving", holds=False, message=(
            f"WAL archiving failing on {source} ({snap.failed_count} failures, the last "
            f"{age} ago): the archive may miss what the standby lacks"))
    if archived is None:
        return GateFact(name="wal-archiving", holds=None,
                        message=f"WAL archiving not reporting on {source} (nothing archived)")
    age = format_span(max(0.0, (now - archived).total_seconds()))
    return GateFact(name="wal-archiving", holds=True,
                    message=f"WAL archiving healthy on {source} (last archived {age} ago)")


def _other(site: Site) -> Site:
    return Site.DR if site is Site.PRIMARY else Site.PRIMARY
