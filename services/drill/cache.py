"""Redis on each site: master on the primary, a replica on DR following its offset.

The same facts as the real adapter (:mod:`services.redis.info`): the replica trails by
a few bytes; when the link drops it keeps its offset and counts ``link_down_since_s``
while the master's offset runs on. Its own ``master_repl_offset`` is its view of the
stream (its own offset); ``primary_offset`` and ``lag_bytes`` come from asking the
master, as the adapter does, so they are unknown (with the adapter's error) while the
master cannot be reached from the console.
"""

from __future__ import annotations

from datetime import datetime

from services.drill.backups import last_taken
from services.drill.plan import DataKind
from services.drill.scenarios import EventKind
from services.drill.world import World
from services.models import RedisRole, RedisSnapshot, Site

NODES = {Site.PRIMARY: "primary-redis", Site.DR: "secondary-redis"}


def redis_snapshot(world: World, site: Site) -> RedisSnapshot:
    """The site's Redis as it truly is (the source decides whether it can be read)."""
    stream = world.redis_stream()
    aof = world.aof_enabled(site)
    if site is Site.PRIMARY:
        saved = _last_rdb_save(world)
        dr_follows = (world.redis_promoted_at(Site.DR) is None
                      and stream.link_down_since(world.now) is None)
        return RedisSnapshot(
            observed_at=world.now, site=site, node=NODES[site], role=RedisRole.MASTER,
            master_repl_offset=stream.writer_position(world.now),
            connected_replicas=1 if dr_follows else 0,
            last_rdb_save_age_s=None if saved is None else (world.now - saved).total_seconds(),
            aof_enabled=aof)
    promoted = world.redis_promoted_at(site)
    if promoted is not None:
        return RedisSnapshot(
            observed_at=world.now, site=site, node=NODES[site], role=RedisRole.MASTER,
            master_repl_offset=stream.promoted_position(
                promoted, world.now, world.isolation(site)),
            aof_enabled=aof)
    offset = stream.replica_position(world.now)
    down_since = stream.link_down_since(world.now)
    master = _master_offset(world)
    return RedisSnapshot(
        observed_at=world.now, site=site, node=NODES[site], role=RedisRole.REPLICA,
        link_up=down_since is None,
        link_down_since_s=None if down_since is None else (
            world.now - down_since).total_seconds(),
        master_repl_offset=offset, replica_offset=offset, primary_offset=master,
        lag_bytes=None if master is None else max(0, master - offset), aof_enabled=aof,
        error=None if master is not None else (
            "primary offset unavailable, lag unknown: redis/primary unreachable"))


def _master_offset(world: World) -> int | None:
    """The master's offset as the replica's adapter reads it; None if it cannot be read."""
    if (world.event_at(EventKind.SITE_DOWN, Site.PRIMARY) is not None
            or not world.reachable(Site.PRIMARY)
            or world.deployment(Site.PRIMARY, "redis")[0] == 0):
        return None
    return world.redis_stream().writer_position(world.now)


def _last_rdb_save(world: World) -> datetime | None:
    """The newest scheduled Redis snapshot (not the AOF stream), whatever the plan calls it:
    what the master reports as its last RDB save."""
    taken = [last_taken(world, s.component) for s in world.setup.plan.schedules
             if s.kind is DataKind.REDIS and s.interval is not None]
    return max((t for t in taken if t is not None), default=None)
