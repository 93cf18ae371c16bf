"""The operator's actions as recorded requests, and how long each takes to complete.

An action never changes state directly: it is appended to the log with the time it was
requested and the time it will be complete, on the environment's clock. State is then
computed from the log at poll time, which is what lets a warped clock (or a frozen test
clock) move the drill forward without any background task or sleep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from services.models import Site

PROMOTE_POSTGRES_DELAY = timedelta(seconds=20)
"""``pg_ctl promote`` plus the end-of-recovery checkpoint on a busy standby."""
PROMOTE_REDIS_DELAY = timedelta(seconds=5)
"""``REPLICAOF NO ONE`` is quick; the delay covers the operator's tooling round trip."""
REWRITE_AOF_DELAY = timedelta(seconds=30)
SCALE_UP_PER_REPLICA = timedelta(seconds=15)
"""Image already cached on the node: schedule, start, pass readiness."""
SCALE_DOWN_PER_REPLICA = timedelta(seconds=5)
DNS_TTL = timedelta(seconds=60)
"""Resolvers keep the old answer for one TTL, so a DNS change is seen after that."""
ROLLOUT_RESTART_DELAY = timedelta(seconds=45)
"""A rolling restart of erlmcp's pods after its ConfigMap changed (3 pods, 15 s each)."""
RESTORE_DELAY = timedelta(minutes=4)
TAPE_RESTORE_FACTOR = 3
"""Tape has to be mounted and read sequentially: restores from it take this much longer."""
DEMOTE_DELAY = timedelta(seconds=15)
"""``pg_ctl stop -m fast`` (its standby receives every write first, then a checkpoint) and
Redis ``SHUTDOWN`` once its replica caught up."""
COPY_BYTES_PER_S = 200 * (1 << 20)
"""pg_basebackup / pg_rewind / a Redis full sync over the inter-site link (~1.7 Gbit/s)."""
CATCHUP_BYTES_PER_S = 64 * (1 << 20)
"""How fast a freshly started standby receives the WAL written while it was copied."""
COPY_START = timedelta(seconds=10)
"""Starting a copy: the checkpoint pg_basebackup waits for, Redis' fork for its RDB."""
REJOIN_BOOT = timedelta(seconds=60)
"""A recovered site's nodes turning Ready and its database pods starting, before the
rejoin's own copy (pg_rewind) begins."""


class ActionKind(StrEnum):
    SCALE = "scale"
    PROMOTE_POSTGRES = "promote-postgres"
    PROMOTE_REDIS = "promote-redis"
    REWRITE_AOF = "rewrite-aof"
    DNS_FAILOVER = "dns-failover"
    DNS_ROLLBACK = "dns-rollback"
    RESTORE = "restore"
    SWITCH_SITE = "switch-site"
    """The site's application re-pointed at its own databases, its pods restarted."""
    DEMOTE_SITE = "demote-site"
    """The site fenced: its PostgreSQL and Redis shut down cleanly, no more writes."""
    REBUILD_STANDBY = "rebuild-standby"
    """The site's PostgreSQL re-cloned from the other site's (a streaming standby once the
    copy is through) and its Redis made a replica of the other's."""


def copy_time(size_bytes: int) -> timedelta:
    """How long copying ``size_bytes`` across sites takes, start included."""
    return COPY_START + timedelta(seconds=size_bytes / COPY_BYTES_PER_S)


@dataclass(frozen=True)
class ActionTicket:
    """A recorded request: what was asked, when, and when it will have taken effect.

    Returned by every action so the console can journal it and show an ETA.
    """

    kind: ActionKind
    requested_at: datetime
    completes_at: datetime
    site: Site | None = None
    deployment: str | None = None
    replicas: int | None = None
    component: str | None = None
    target: str | None = None
    """The backup store of a restore."""

    def done(self, now: datetime) -> bool:
        """Whether the action has fully taken effect at ``now``."""
        return now >= self.completes_at


class ActionLog:
    """Append-only list of tickets, with the few queries the state model needs."""

    def __init__(self) -> None:
        self._tickets: list[ActionTicket] = []

    def add(self, ticket: ActionTicket) -> ActionTicket:
        self._tickets.append(ticket)
        return ticket

    @property
    def tickets(self) -> tuple[ActionTicket, ...]:
        return tuple(self._tickets)

    def requested(self, kind: ActionKind, now: datetime) -> list[ActionTicket]:
        """Tickets of ``kind`` requested by ``now``, in request order."""
        return [t for t in self._tickets if t.kind is kind and t.requested_at <= now]

    def completed(self, kind: ActionKind, now: datetime) -> list[ActionTicket]:
        """Tickets of ``kind`` that have taken effect by ``now``, in completion order."""
        done = [t for t in self._tickets if t.kind is kind and t.done(now)]
        return sorted(done, key=lambda t: t.completes_at)

    def first_completion(self, kind: ActionKind, site: Site, now: datetime) -> datetime | None:
        """When the first ``kind`` action on ``site`` took effect, if one has by ``now``."""
        times = [t.completes_at for t in self.completed(kind, now) if t.site is site]
        return min(times, default=None)
