"""The facts of the simulated world at one instant, derived from setup, script and log.

A :class:`World` is cheap and throwaway: the environment builds one per poll or action
for the clock's current time. Every answer is a pure function of (seed, scenario,
actions, time), so the snapshot builders never hold state and a warped clock just works.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property

from services.drill.actions import SCALE_DOWN_PER_REPLICA, SCALE_UP_PER_REPLICA, ActionKind
from services.drill.calc import Interval, unit
from services.drill.history import Follower, History, Writer
from services.drill.roles import engine_history
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
        """When DR's standby first became a primary (what backups follow); the primary site
        is a primary from the start."""
        if site is Site.PRIMARY:
            return None
        return self.log.first_completion(ActionKind.PROMOTE_POSTGRES, site, self.now)

    @cached_property
    def pg(self) -> History:
        """Who writes and who follows in PostgreSQL now (promotions, fences, rebuilds)."""
        return engine_history(self, "postgres")

    @cached_property
    def redis(self) -> History:
        return engine_history(self, "redis")

    def pg_is_primary(self, site: Site) -> bool:
        return isinstance(self.pg.state(site), Writer)

    def redis_is_master(self, site: Site) -> bool:
        return isinstance(self.redis.state(site), Writer)

    def pg_timeline(self, site: Site) -> int:
        """A writer's: its own (1, one more per promotion) plus one per point-in-time
        restore since it started; a rebuilt standby's: its source's (timelines follow);
        the scenario's first standby's: 1 plus its own restores."""
        state = self.pg.state(site)
        if isinstance(state, Writer):
            return self._writer_timeline(state)
        if isinstance(state, Follower) and not state.origin:
            return self._writer_timeline(state.source)
        return 1 + self._restores(site, self.setup.started_at)

    def _writer_timeline(self, writer: Writer) -> int:
        return writer.timeline + self._restores(writer.site, writer.since)

    def _restores(self, site: Site, since: datetime) -> int:
        return len([t for t in self.log.completed(ActionKind.RESTORE, self.now)
                    if t.site is site and t.completes_at >= since
                    and self.restores_postgres(t.component)])

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
        back = self.recovered_at(site)
        if self.site_down_since(site) is not None:
            ready = 0
        elif back is not None:  # nodes back: pods rescheduled one by one
            ready = min(ready, ramp(0, desired, self.now - back))
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
