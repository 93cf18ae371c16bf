"""The facts of the simulated world at one instant, derived from setup, script and log.

A :class:`World` is cheap and throwaway: the environment builds one per poll or action
for the clock's current time. Every answer is a pure function of (seed, scenario,
actions, time), so the snapshot builders never hold state and a warped clock just works.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.drill.actions import SCALE_DOWN_PER_REPLICA, SCALE_UP_PER_REPLICA, ActionKind
from services.drill.calc import Interval, unit
from services.drill.scenarios import EventKind
from services.drill.script import DrillSetup, ScriptView
from services.drill.stream import ReplicatedStream
from services.models import Site

NAMESPACE = "erlmcp"
DEPLOYMENTS: dict[Site, dict[str, int]] = {
    Site.PRIMARY: {"erlmcp": 3, "postgres": 1, "redis": 1},
    Site.DR: {"erlmcp": 0, "postgres": 1, "redis": 1},
}
"""Desired replicas at the drill start: DR is a warm standby, databases up, app at zero."""

__all__ = ["DEPLOYMENTS", "NAMESPACE", "DrillSetup", "World", "ramp"]


def ramp(start: int, desired: int, elapsed: timedelta) -> int:
    """Ready replicas ``elapsed`` after asking for ``desired`` with ``start`` ready."""
    if elapsed < timedelta(0):
        return start
    if desired >= start:
        return min(desired, start + int(elapsed / SCALE_UP_PER_REPLICA))
    return max(desired, start - int(elapsed / SCALE_DOWN_PER_REPLICA))


class World(ScriptView):
    """Answers "what is true now" for the snapshot builders and the actions' checks."""

    def pg_promoted_at(self, site: Site) -> datetime | None:
        if site is Site.PRIMARY:
            return None  # the primary is a primary from the start
        return self.log.first_completion(ActionKind.PROMOTE_POSTGRES, site, self.now)

    def pg_is_primary(self, site: Site) -> bool:
        return site is Site.PRIMARY or self.pg_promoted_at(site) is not None

    def pg_timeline(self, site: Site) -> int:
        """1, plus one per promotion and per point-in-time restore (each opens a timeline)."""
        restores = [t for t in self.log.completed(ActionKind.RESTORE, self.now)
                    if t.site is site and self.restores_postgres(t.component)]
        return 1 + (self.pg_promoted_at(site) is not None) + len(restores)

    def pg_outages(self, site: Site) -> tuple[Interval, ...]:
        return self.isolation(site) + self.corruption_spans(site)

    def pg_stream(self) -> ReplicatedStream:
        rate = 1_200_000 + 1_000_000 * unit(self.seed, "pg-rate")
        lag = int(rate * self.pg_steady_lag_s())
        writer = self.pg_outages(Site.PRIMARY)
        return ReplicatedStream(self.setup.started_at, 0x3000060 + self.seed * 0x1000000,
                                rate, lag, writer, writer + self.isolation(Site.DR))

    def pg_steady_lag_s(self) -> float:
        return round(0.02 + 0.08 * unit(self.seed, "pg-lag"), 3)

    # -- Redis ---------------------------------------------------------------------------
    def redis_promoted_at(self, site: Site) -> datetime | None:
        if site is Site.PRIMARY:
            return None
        return self.log.first_completion(ActionKind.PROMOTE_REDIS, site, self.now)

    def redis_stream(self) -> ReplicatedStream:
        rate = 40_000 + 60_000 * unit(self.seed, "redis-rate")
        lag = 64 + int(1_000 * unit(self.seed, "redis-lag"))
        writer = self.isolation(Site.PRIMARY)
        return ReplicatedStream(self.setup.started_at, 1_000_000 + self.seed * 7_919, rate,
                                lag, writer, writer + self.isolation(Site.DR))

    def aof_enabled(self, site: Site) -> bool:
        """The DR replica runs without AOF (saves I/O); a rewrite there turns it on."""
        if site is Site.PRIMARY:
            return True
        return self.log.first_completion(ActionKind.REWRITE_AOF, site, self.now) is not None

    # -- Kubernetes, health, DNS ---------------------------------------------------------
    def scaled(self, site: Site, name: str) -> tuple[int, int]:
        """(ready, desired) from the scale requests alone, before any failure is applied."""
        ready_from = desired = DEPLOYMENTS[site][name]
        since = self.setup.started_at
        for ticket in self.log.requested(ActionKind.SCALE, self.now):
            if ticket.site is site and ticket.deployment == name:
                ready_from = ramp(ready_from, desired, ticket.requested_at - since)
                desired, since = ticket.replicas or 0, ticket.requested_at
        return ramp(ready_from, desired, self.now - since), desired

    def deployment(self, site: Site, name: str) -> tuple[int, int]:
        """(ready, desired) as Kubernetes would report: lost nodes and crash loops count."""
        ready, desired = self.scaled(site, name)
        if self.event_at(EventKind.SITE_DOWN, site) is not None:
            ready = 0
        if name == "postgres" and self.corrupt_since(site) is not None:
            ready = 0
        return ready, desired

    def dns_site(self) -> Site:
        """Where resolvers send clients: the last DNS change whose TTL has run out."""
        changes = self.log.completed(ActionKind.DNS_FAILOVER, self.now)
        changes += self.log.completed(ActionKind.DNS_ROLLBACK, self.now)
        if not changes:
            return Site.PRIMARY
        latest = max(changes, key=lambda t: (t.completes_at, t.requested_at))
        return Site.DR if latest.kind is ActionKind.DNS_FAILOVER else Site.PRIMARY
