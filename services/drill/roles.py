"""The changes of role the drill knows, per engine, read from the action log and the script.

PostgreSQL and Redis change hands together (a failover promotes both, demote-site fences
both, rebuild-standby re-points both) but not at the same pace: a PostgreSQL rebuild copies
the whole database (``pg_basebackup``), a Redis one only its dataset (a full sync), so the
same rebuild ticket is ready sooner for Redis. How long a copy takes is proportional to the
data the plan backs up: the largest of its backups of that engine.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Literal

from services.drill.actions import REJOIN_BOOT, ActionKind, copy_time
from services.drill.history import Change, History
from services.drill.plan import DataKind
from services.models import Site

if TYPE_CHECKING:
    from services.drill.world import World

Engine = Literal["postgres", "redis"]
DEFAULT_SIZE = 1 << 30
"""Data size when the plan backs up none of that engine's data."""


def data_size(world: World, engine: Engine) -> int:
    """The engine's data size: its largest scheduled backup in the plan."""
    kind = DataKind.POSTGRES if engine == "postgres" else DataKind.REDIS
    sizes = [s.base_size_bytes for s in world.setup.plan.schedules
             if s.kind is kind and s.interval is not None]
    return max(sizes, default=DEFAULT_SIZE)


def rebuild_time(world: World, engine: Engine) -> timedelta:
    """A rebuild's copy: the whole dataset across the inter-site link."""
    return copy_time(data_size(world, engine))


def engine_history(world: World, engine: Engine) -> History:
    """The engine's history up to the world's now."""
    promote = ActionKind.PROMOTE_POSTGRES if engine == "postgres" else ActionKind.PROMOTE_REDIS
    log, now = world.log, world.now
    changes = [Change(t.completes_at, "promote", t.site)
               for t in log.completed(promote, now) if t.site is not None]
    changes += [Change(t.completes_at, "demote", t.site)
                for t in log.completed(ActionKind.DEMOTE_SITE, now) if t.site is not None]
    copy = rebuild_time(world, engine)
    changes += [Change(t.requested_at, "rebuild", t.site, t.requested_at + copy)
                for t in log.requested(ActionKind.REBUILD_STANDBY, now) if t.site is not None]
    for site in Site:
        back = world.recovered_at(site)
        if back is not None:
            changes.append(Change(back, "rejoin", site))
    size = data_size(world, engine)
    if engine == "postgres":
        stream, outages = world.pg_stream(), world.pg_outages

        def rejoin(written: int) -> timedelta:
            """pg_rewind copies what changed since the fork, at most the whole database."""
            return REJOIN_BOOT + copy_time(min(written, size))
    else:
        stream, outages = world.redis_stream(), world.isolation

        def rejoin(written: int) -> timedelta:
            """Sentinel re-points the old master: a full sync of the dataset."""
            return REJOIN_BOOT + copy_time(size)
    return History(stream, outages, changes, now, rejoin)

