"""RTO rules: how long has the thing an objective covers been down, against its target.

Whether it is down is the judge's site verdict (:mod:`console.judge.sites`): an outage is
counted only when observed (health refused or failing, every database node read-only);
a source that does not answer makes the row UNKNOWN with its reason and how long it has
been failing, never "down" and never "met". Downtime starts at the incident's disruption
time when one is given, else at ``down_since[source]`` (the first failure the console
saw), else at the last good snapshot of a source that stopped answering.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from console.judge.freshness import Readings, fresh_snapshot, usable, why_unusable
from console.judge.model import Status
from console.judge.parts import postgres_failing, postgres_writable
from console.judge.sites import SiteState, judge_site
from console.judge.units import format_span
from console.live.readings import Freshness
from services.models import PostgresSnapshot, Site

HEALTH = {Site.PRIMARY: "health/primary", Site.DR: "health/dr"}
PG = {Site.PRIMARY: "postgres/primary", Site.DR: "postgres/dr"}
DownSince = Mapping[str, datetime]


def downtime(target: timedelta, start: datetime | None, now: datetime, what: str
             ) -> tuple[Status, str]:
    """AT_RISK while down for less than the target, BREACHED from then on."""
    if start is None:
        return Status.AT_RISK, f"{what}; outage start unknown"
    down = max(timedelta(0), now - start)
    if down < target:
        return Status.AT_RISK, f"{what}; down for {format_span(down)} < RTO {format_span(target)}"
    return Status.BREACHED, f"{what}; down for {format_span(down)} >= RTO {format_span(target)}"


def _start(down_since: DownSince, names: list[str], readings: Readings) -> datetime | None:
    """When the outage began: the first failure tracked, else the last good data's time."""
    starts = [down_since[n] for n in names if n in down_since]
    if not starts:
        starts = [r.snapshot.observed_at for n in names if (r := readings.get(n)) is not None
                  and r.freshness is Freshness.STALE and r.snapshot is not None]
    return min(starts) if starts else None


def health_rto(target: timedelta, readings: Readings, now: datetime, down_since: DownSince
               ) -> tuple[Status, str]:
    """Met while a site serves (DNS there, health OK, PostgreSQL writable: the judge's site
    verdict); downtime when the site DNS points at definitely does not; unknown when the
    console cannot tell (it never claims an outage, or service, it did not observe)."""
    verdicts = {site: judge_site(readings, site, now) for site in Site}
    serving = [v for v in verdicts.values() if v.state is SiteState.SERVING]
    if serving:
        return Status.MET, f"serving from {serving[0].site}: {serving[0].reason}"
    pointed = next((v for v in verdicts.values() if v.dns_here), None)
    if pointed is None:
        return Status.UNKNOWN, "cannot tell where users are sent: " + \
            verdicts[Site.PRIMARY].reason.split(";")[0]
    names = [f"health/{pointed.site}", f"postgres/{pointed.site}"]
    start = _start(down_since, names, readings)
    if pointed.state is SiteState.NOT_SERVING:
        return downtime(target, start, now, pointed.reason)
    since = "" if start is None else f"; failing for {format_span(now - start)}"
    return Status.UNKNOWN, pointed.reason + since


def database_rto(target: timedelta, readings: Readings, now: datetime, down_since: DownSince
                 ) -> tuple[Status, str]:
    """Met while PostgreSQL is writable on some site; downtime when every node answers and
    none is writable (standbys, or a primary answering with an error: corrupt, crash-looping);
    unknown when a node that might be writable does not answer."""
    answering = [s for s in (usable(readings, n, PostgresSnapshot) for n in PG.values())
                 if s is not None]
    writable = [s for s in answering if postgres_writable(s)]
    if writable:
        return Status.MET, f"postgres writable on {writable[0].site} ({writable[0].node})"
    silent = [n for n in PG.values() if fresh_snapshot(readings, n) is None]
    start = _start(down_since, list(PG.values()), readings)
    if silent:
        since = "" if start is None else f"; failing for {format_span(now - start)}"
        return Status.UNKNOWN, "postgres writable on no site that answers: " + \
            "; ".join(why_unusable(readings, n, now) for n in silent) + since
    if not any(postgres_failing(s) for s in answering):
        return downtime(target, start, now, "postgres writable nowhere (every node read-only)")
    said = [f"{s.site} failing ({s.error})" if postgres_failing(s) else f"{s.site} read-only"
            for s in answering]
    return downtime(target, start, now, "postgres writable nowhere: " + ", ".join(said))
