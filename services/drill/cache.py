"""Redis on each site: master on the primary, a replica on DR following its offset.

Same shape as PostgreSQL: the replica trails by a few bytes, and when the link drops it
keeps its offset, so ``lag_bytes`` freezes at what was in flight.
"""

from __future__ import annotations

from services.drill.backups import last_taken
from services.drill.world import World
from services.models import RedisRole, RedisSnapshot, Site

NODES = {Site.PRIMARY: "primary-redis", Site.DR: "secondary-redis"}


def redis_snapshot(world: World, site: Site) -> RedisSnapshot:
    """The site's Redis as it truly is (the source decides whether it can be read)."""
    stream = world.redis_stream()
    aof = world.aof_enabled(site)
    if site is Site.PRIMARY:
        saved = last_taken(world, "redis-rdb")
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
    return RedisSnapshot(
        observed_at=world.now, site=site, node=NODES[site], role=RedisRole.REPLICA,
        link_up=stream.link_down_since(world.now) is None,
        master_repl_offset=offset + stream.steady_lag_bytes, replica_offset=offset,
        lag_bytes=stream.steady_lag_bytes, aof_enabled=aof)
