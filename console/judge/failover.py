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

from console.judge.freshness import Readings, last_known, usable, why_unusable
from console.judge.replication import LinkVerdict, postgres_link, redis_link
from console.judge.thresholds import LAST_SEEN_MAX_AGE
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
    silent = link.primary_position_age_s is not None
    text = f"loses {'at least ' if silent else ''}~{format_bytes(link.exposure_bytes)}"
    if link.exposure_bytes and link.exposure_s is not None:  # worded as the verdict's
        text += " in flight" if link.exposure_s < 1 else \
            f" / {format_span(link.exposure_s)} of writes"
    if link.primary_position_age_s is not None:
        text += f"; primary last seen {format_span(link.primary_position_age_s)} ago"
        text += " (recorded by an earlier console)" if link.primary_position_recorded else ""
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
    age, limit_age = link.primary_position_age_s, last_seen_limit(rpo)
    if link.primary_position_recorded and age is not None and \
            age > limit_age.total_seconds():
        return GateFact(name="data-loss", holds=False, message=(
            f"data-loss exposure: primary last seen {format_span(age)} ago, longer than "
            f"{_limit_words(rpo)}: what it wrote since is unknown (failover {words})"))
    if link.exposure_bytes > max_lag:
        return GateFact(name="data-loss", holds=False, message=(
            f"data-loss exposure: postgres/{target} has not received "
            f"{format_bytes(link.exposure_bytes)} of WAL (> {limit}): failover {words}"))
    return GateFact(name="data-loss", holds=True,
                    message=f"data-loss exposure within {limit}: failover {words}")


def last_seen_limit(rpo: timedelta | None) -> timedelta:
    """How old a silent primary's position *recorded by an earlier console* may be and
    still bound the loss: the RPO (whatever it wrote after that moment spans less than
    the RPO), or :data:`~console.judge.thresholds.LAST_SEEN_MAX_AGE` when the plan names
    none. This console's own last observation is not aged out: it watched the primary go
    silent, so its position is where the primary stopped answering (the drill's and the
    runbook's failovers promote minutes after that)."""
    return rpo if rpo is not None else LAST_SEEN_MAX_AGE


def _limit_words(rpo: timedelta | None) -> str:
    if rpo is not None:
        return f"the RPO {format_span(rpo)}"
    return f"{format_span(LAST_SEEN_MAX_AGE)} (no RPO in the plan)"


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


def standby_in_sync(readings: Readings, now: datetime, site: Site, max_lag: int) -> GateFact:
    """``site`` is a standby of the other, writable site and holds (nearly) all it wrote:
    its PostgreSQL in recovery, streaming (receiver connected), not lacking more than
    ``max_lag`` bytes of the writer's *current* position (a fresh one, not a last-seen
    one), and its Redis a replica with its link up and an offset gap within ``max_lag``.
    What a switchover back (a rollback) must see before it fences the serving side."""
    writer_name, limit = f"postgres/{_other(site)}", format_bytes(max_lag)
    standby = usable(readings, f"postgres/{site}", PostgresSnapshot)
    if standby is None:
        return GateFact(name="standby-in-sync", holds=None, message=(
            f"standby cannot be judged: {why_unusable(readings, f'postgres/{site}', now)}"))
    if not standby.in_recovery:
        return GateFact(name="standby-in-sync", holds=False, message=(
            f"postgres/{site} is not a standby (not in recovery): rebuild it as a standby "
            f"of {_other(site)} first"))
    if usable(readings, writer_name, PostgresSnapshot) is None:
        return GateFact(name="standby-in-sync", holds=None, message=(
            f"cannot tell what postgres/{site} lacks: "
            f"{why_unusable(readings, writer_name, now)}"))
    link = postgres_link(readings, now, None)
    problems = []
    if link.standby is not site or link.exposure_bytes is None:
        problems.append(f"postgres/{site}: {link.reason}")
    else:
        if standby.wal_receiver_connected is not True:
            problems.append(f"postgres/{site} is not streaming from {writer_name} "
                            "(WAL receiver not connected)")
        if link.exposure_bytes > max_lag:
            problems.append(f"postgres/{site} lacks {format_bytes(link.exposure_bytes)} of "
                            f"WAL (> max_lag_on_failover {limit})")
    redis = redis_link(readings, now, None)
    if redis.standby is not site or redis.exposure_bytes is None:
        problems.append(f"redis/{site} is not a replica in step: {redis.reason}")
    elif redis.link_up is not True or redis.exposure_bytes > max_lag:
        problems.append(f"redis/{site} replica not in step: {redis.reason}")
    if problems:
        return GateFact(name="standby-in-sync", holds=False,
                        message="standby not in sync: " + "; ".join(problems))
    return GateFact(name="standby-in-sync", holds=True, message=(
        f"postgres/{site} streams from {writer_name} and lacks "
        f"{format_bytes(link.exposure_bytes or 0)} (<= {limit}); redis/{site} link up, "
        f"{format_bytes(redis.exposure_bytes or 0)} behind"))
