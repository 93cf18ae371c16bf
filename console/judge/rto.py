"""RTO rules: how long has the thing an objective covers been down, against its target.

Downtime starts at ``down_since[source]`` when the caller tracks it (the app or the
journal knows when a source first failed); otherwise at the last good snapshot's
``observed_at`` of a source that stopped answering — the last moment we saw it alive.
A source that does not answer counts as *down* here, not merely unknown: from where the
operator sits that is what an outage looks like, and it is never reported as met.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from console.judge.model import Readings, Status, format_span, fresh_snapshot, why_unusable
from console.live.readings import Freshness
from services.models import DnsSnapshot, HealthSnapshot, PostgresRole, PostgresSnapshot, Site

HEALTH = {Site.PRIMARY: "health/primary", Site.DR: "health/dr"}
PG = {Site.PRIMARY: "postgres/primary", Site.DR: "postgres/dr"}
DownSince = Mapping[str, datetime]


def serving_site(readings: Readings) -> Site:
    """The site DNS sends users to; the primary when DNS is unknown or points elsewhere."""
    dns = fresh_snapshot(readings, "dns")
    if isinstance(dns, DnsSnapshot) and dns.points_at is not None:
        return dns.points_at
    return Site.PRIMARY


def downtime(target: timedelta, start: datetime | None, now: datetime, what: str
             ) -> tuple[Status, str]:
    """AT_RISK while down for less than the target, BREACHED from then on."""
    if start is None:
        return Status.AT_RISK, f"{what}; outage start unknown"
    down = max(timedelta(0), now - start)
    if down < target:
        return Status.AT_RISK, f"{what} for {format_span(down)} < RTO {format_span(target)}"
    return Status.BREACHED, f"{what} for {format_span(down)} >= RTO {format_span(target)}"


def health_rto(target: timedelta, readings: Readings, now: datetime, down_since: DownSince
               ) -> tuple[Status, str]:
    """The health endpoint of the site serving traffic: healthy is met, else downtime."""
    site = serving_site(readings)
    name = HEALTH[site]
    reading = readings.get(name)
    if reading is None or reading.freshness is Freshness.PENDING:
        return Status.UNKNOWN, why_unusable(readings, name, now)
    snap = reading.snapshot
    fresh = reading.freshness is Freshness.FRESH
    if fresh and isinstance(snap, HealthSnapshot) and snap.ok:
        latency = "" if snap.latency_ms is None else f" in {snap.latency_ms:.0f}ms"
        return Status.MET, f"serving from {site}, health {snap.status_code}{latency}"
    if fresh and isinstance(snap, HealthSnapshot):
        reason = snap.error or f"health {snap.status_code} {snap.reported_status or ''}".strip()
    else:
        reason = reading.error or "no answer"
    start = down_since.get(name)
    if start is None and not fresh and snap is not None:
        start = snap.observed_at
    return downtime(target, start, now, f"{site} not serving ({reason})")


def database_rto(target: timedelta, readings: Readings, now: datetime, down_since: DownSince
                 ) -> tuple[Status, str]:
    """Met while PostgreSQL is writable on some site; downtime of the primary otherwise."""
    nodes = [fresh_snapshot(readings, name) for name in PG.values()]
    writable = [n for n in nodes if isinstance(n, PostgresSnapshot)
                and n.role is PostgresRole.PRIMARY and not n.in_recovery]
    if writable:
        node = writable[0]
        return Status.MET, f"postgres writable on {node.site} ({node.node})"
    known = [readings.get(name) for name in PG.values()]
    if all(r is None or r.freshness is Freshness.PENDING for r in known):
        return Status.UNKNOWN, "; ".join(why_unusable(readings, n, now) for n in PG.values())
    starts = [down_since[n] for n in PG.values() if n in down_since]
    primary = readings.get(PG[Site.PRIMARY])
    if not starts and primary is not None and primary.freshness is Freshness.STALE \
            and primary.snapshot is not None:
        starts = [primary.snapshot.observed_at]
    if primary is not None and primary.freshness is Freshness.STALE:
        what = f"postgres not writable anywhere ({PG[Site.PRIMARY]}: {primary.error})"
    else:
        what = "postgres not writable anywhere (no primary out of recovery)"
    return downtime(target, min(starts) if starts else None, now, what)
