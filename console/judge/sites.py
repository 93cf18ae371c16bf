"""Does a site serve? The one verdict on each site, from every source that describes it.

A site *serves* only when DNS points at it AND its health endpoint answers OK AND its
PostgreSQL is writable. Anything less is said exactly ("DNS -> dr, not serving: postgres
read-only"). A fact the console could not observe is UNKNOWN with its reason — a health
check that timed out is not "down", it is unknown — and a site whose sources all fail
is never SERVING.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from console.judge.freshness import Readings, staleness, usable, why_unusable
from console.judge.model import Status
from console.judge.parts import (
    Part,
    cluster_part,
    dns_part,
    health_fact,
    health_part,
    health_says,
    postgres_failing,
    postgres_part,
    postgres_writable,
    redis_part,
)
from services.models import (
    ClusterSnapshot,
    DnsSnapshot,
    HealthSnapshot,
    PostgresSnapshot,
    RedisRole,
    RedisSnapshot,
    Site,
)

PARTS = ("cluster", "health", "dns", "postgres", "redis")


class SiteState(StrEnum):
    SERVING = "serving"
    """DNS points here, health OK, PostgreSQL writable."""
    NOT_SERVING = "not serving"
    """DNS points here but something the service needs is missing: users are down."""
    STANDBY = "standby"
    """DNS points elsewhere and the site answers: ready to take over (or to be rebuilt)."""
    DOWN = "down"
    """DNS points elsewhere and the site is definitely broken (no nodes, no database)."""
    UNKNOWN = "unknown"
    """What decides the verdict could not be observed."""


class SiteVerdict(BaseModel):
    """How one site stands, why, and the facts it rests on (None: not observed)."""

    model_config = ConfigDict(frozen=True)

    site: Site
    state: SiteState
    status: Status
    reason: str
    summary: str
    """The reason in a few words (what is missing or unknown, not why): for a site card
    in 80 columns, where each source's own line says the rest."""
    dns_here: bool | None
    health_ok: bool | None
    postgres_writable: bool | None
    redis_writable: bool | None
    parts: dict[str, Part]
    """One line per source (cluster, health, dns, postgres, redis), for the site card."""


def other(site: Site) -> Site:
    return Site.DR if site is Site.PRIMARY else Site.PRIMARY


def pg_writable(readings: Readings, site: Site) -> bool | None:
    snap = usable(readings, f"postgres/{site}", PostgresSnapshot)
    return None if snap is None else postgres_writable(snap)


def redis_writable(readings: Readings, site: Site) -> bool | None:
    snap = usable(readings, f"redis/{site}", RedisSnapshot)
    return None if snap is None else snap.role is RedisRole.MASTER


def judge_site(readings: Readings, site: Site, now: datetime) -> SiteVerdict:
    """The verdict on ``site`` from the latest readings at ``now``."""
    dns = usable(readings, "dns", DnsSnapshot)
    health = usable(readings, f"health/{site}", HealthSnapshot)
    writable = pg_writable(readings, site)
    facts = {
        "dns_here": None if dns is None or dns.points_at is None else dns.points_at is site,
        "health_ok": None if health is None else health_fact(health),
        "postgres_writable": writable,
        "redis_writable": redis_writable(readings, site),
    }
    parts = _parts(readings, site, now)
    state, status, reason = _decide(readings, site, now, facts, dns, health)
    summary = _decide(readings, site, now, facts, dns, health, terse=True)[2]
    if writable and pg_writable(readings, other(site)):
        status, reason = Status.BREACHED, f"split brain: postgres writable on both sites; {reason}"
        summary = f"split brain! {summary}"
    if dns is not None and facts["dns_here"]:  # the DNS line carries the site's verdict
        serves = "" if state is SiteState.SERVING else f", {state.value.upper()}"
        parts["dns"] = Part(text=f"-> here{serves}", status=status)
    return SiteVerdict(site=site, state=state, status=status, reason=reason, summary=summary,
                       parts=parts,
                       **facts)


def dns_site(readings: Readings) -> Site:
    """The site DNS sends users to; the primary when DNS is unknown or points at neither."""
    dns = usable(readings, "dns", DnsSnapshot)
    return dns.points_at if dns is not None and dns.points_at is not None else Site.PRIMARY


def serving_site(readings: Readings, now: datetime) -> Site | None:
    """The site that serves users now, or None (none serves, or it cannot be told)."""
    for site in Site:
        if judge_site(readings, site, now).state is SiteState.SERVING:
            return site
    return None


def _decide(readings: Readings, site: Site, now: datetime, facts: dict[str, bool | None],
            dns: DnsSnapshot | None, health: HealthSnapshot | None, *, terse: bool = False
            ) -> tuple[SiteState, Status, str]:
    missing, unknown = _gaps(readings, site, now, facts, health, terse)
    if facts["dns_here"] is True:
        if not missing and not unknown:
            return SiteState.SERVING, Status.MET, "DNS here, health OK, postgres writable"
        if missing:
            why = ", ".join(missing + unknown)
            return SiteState.NOT_SERVING, Status.BREACHED, f"DNS -> {site}, not serving: {why}"
        return (SiteState.UNKNOWN, Status.UNKNOWN,
                f"DNS -> {site}, cannot tell if it serves: {', '.join(unknown)}")
    if facts["dns_here"] is None:
        where = ("DNS unknown" if terse else why_unusable(readings, "dns", now)) \
            if dns is None else \
            f"DNS points at neither site ({dns.current_target})"
        return SiteState.UNKNOWN, Status.UNKNOWN, f"{where}; " + _summary(missing, unknown)
    down = _definitely_down(readings, site)
    if down is not None:
        return SiteState.DOWN, Status.AT_RISK, f"down: {down} (DNS -> {other(site)})"
    if unknown:
        return SiteState.UNKNOWN, Status.UNKNOWN, f"DNS -> {other(site)}; " \
                                                  + _summary(missing, unknown)
    return SiteState.STANDBY, Status.MET, f"DNS -> {other(site)}; " + _summary(missing, unknown)


def _gaps(readings: Readings, site: Site, now: datetime, facts: dict[str, bool | None],
          health: HealthSnapshot | None, terse: bool) -> tuple[list[str], list[str]]:
    """(what is definitely missing for serving, what could not be observed)."""
    missing: list[str] = []
    unknown: list[str] = []
    if facts["health_ok"] is False and health is not None:
        missing.append(f"health {health_says(health)}")
    elif facts["health_ok"] is None:
        unknown.append("health unknown" if terse else why_unusable(readings, f"health/{site}", now)
                       if health is None else f"health/{site} {health_says(health)}")
    if facts["postgres_writable"] is False:
        missing.append(_pg_missing(readings, site, terse))
    elif facts["postgres_writable"] is None:
        unknown.append("postgres unknown" if terse
                       else why_unusable(readings, f"postgres/{site}", now))
    return missing, unknown


def _pg_missing(readings: Readings, site: Site, terse: bool) -> str:
    """Why a PostgreSQL that answers is not writable: a standby, or a primary failing."""
    snap = usable(readings, f"postgres/{site}", PostgresSnapshot)
    if snap is not None and postgres_failing(snap):
        return "postgres failing" if terse else f"postgres failing: {snap.error}"
    return "postgres read-only"


def _summary(missing: list[str], unknown: list[str]) -> str:
    return ", ".join(missing + unknown) or "health OK, postgres writable"


def _definitely_down(readings: Readings, site: Site) -> str | None:
    """A reason the site could not take over, from facts observed (not from silence)."""
    cluster = usable(readings, f"cluster/{site}", ClusterSnapshot)
    if cluster is not None and cluster.nodes_total and cluster.nodes_ready == 0:
        return f"0/{cluster.nodes_total} nodes ready"
    return None


def _parts(readings: Readings, site: Site, now: datetime) -> dict[str, Part]:
    peer_pg = pg_writable(readings, other(site)) is True
    peer_redis = redis_writable(readings, other(site)) is True
    found: dict[str, Part] = {}
    for name in PARTS:
        source = "dns" if name == "dns" else f"{name}/{site}"
        reading = readings.get(source)
        snap = reading.snapshot if reading is not None and reading.error is None else None
        if isinstance(snap, ClusterSnapshot):
            found[name] = cluster_part(snap)
        elif isinstance(snap, HealthSnapshot):
            found[name] = health_part(snap)
        elif isinstance(snap, DnsSnapshot):
            found[name] = dns_part(snap, site)
        elif isinstance(snap, PostgresSnapshot):
            found[name] = postgres_part(snap, peer_pg)
        elif isinstance(snap, RedisSnapshot):
            found[name] = redis_part(snap, peer_redis)
        else:
            found[name] = Part(text=f"UNKNOWN {staleness(reading, now) or 'no data'}",
                               status=Status.UNKNOWN)
    return found

