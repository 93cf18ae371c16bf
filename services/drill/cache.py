"""Redis on each site: master on the primary, a replica on DR following its offset.

The same facts as the real adapter (:mod:`services.redis.info`): the replica trails by
a few bytes; when the link drops it keeps its offset and counts ``link_down_since_s``
while the master's offset runs on. Its own ``master_repl_offset`` is its view of the
stream (its own offset); ``primary_offset`` and ``lag_bytes`` come from asking the
master, as the adapter does, so they are unknown (with the adapter's error) while the
master cannot be reached from the console.

After a failover the roles move with PostgreSQL's (:mod:`services.drill.history`): a fenced
Redis does not answer; a re-pointed one (REPLICAOF) is a replica whose link is down while
its full sync runs, then up, trailing its new master by a few bytes.
"""

from __future__ import annotations

from datetime import datetime

from services.drill.backups import last_taken
from services.drill.history import Down, Follower, Writer
from services.drill.plan import DataKind
from services.drill.world import World
from services.models import RedisRole, RedisSnapshot, Site

NODES = {Site.PRIMARY: "primary-redis", Site.DR: "secondary-redis"}


def redis_snapshot(world: World, site: Site) -> RedisSnapshot:
    """The site's Redis as it truly is (the source decides whether it can be read)."""
    state = world.redis.state(site)
    aof = world.aof_enabled(site)
    if isinstance(state, Writer):
        saved = _last_rdb_save(world) if state.origin else None
        streaming = [f for f in world.redis.followers(state)
                     if world.redis.streaming(f, world.now)]
        return RedisSnapshot(
            observed_at=world.now, site=site, node=NODES[site], role=RedisRole.MASTER,
            master_repl_offset=world.redis.position(state, world.now),
            connected_replicas=len(streaming),
            last_rdb_save_age_s=None if saved is None else (world.now - saved).total_seconds(),
            aof_enabled=aof)
    if isinstance(state, Down):
        return RedisSnapshot(observed_at=world.now, site=site, node=NODES[site],
                             role=RedisRole.REPLICA, link_up=False, aof_enabled=aof,
                             error=f"shut down, {state.reason}")
    return _as_replica(world, site, state, aof)


def _as_replica(world: World, site: Site, state: Follower, aof: bool) -> RedisSnapshot:
    history, now = world.redis, world.now
    if now < state.ready_at:  # full sync in progress: nothing processed yet
        return RedisSnapshot(
            observed_at=now, site=site, node=NODES[site], role=RedisRole.REPLICA,
            link_up=False, link_down_since_s=(now - state.since).total_seconds(),
            aof_enabled=aof, error=f"full sync from redis/{state.source.site} in progress")
    offset = history.received(state, now)
    down_since = history.stream.link_down_since(now) if state.origin else None
    if down_since is None and not state.source.active(now):
        down_since = state.source.until
    master = _master_offset(world, state)
    return RedisSnapshot(
        observed_at=now, site=site, node=NODES[site], role=RedisRole.REPLICA,
        link_up=down_since is None,
        link_down_since_s=None if down_since is None else (now - down_since).total_seconds(),
        master_repl_offset=offset, replica_offset=offset, primary_offset=master,
        lag_bytes=None if master is None else max(0, master - offset), aof_enabled=aof,
        error=None if master is not None else (
            f"primary offset unavailable, lag unknown: redis/{state.source.site} "
            "unreachable"))


def _master_offset(world: World, replica: Follower) -> int | None:
    """The master's offset as the replica's adapter reads it; None if it cannot be read."""
    master = replica.source
    if (not master.active(world.now) or world.site_down_since(master.site) is not None
            or not world.reachable(master.site)
            or world.deployment(master.site, "redis")[0] == 0):
        return None
    return world.redis.position(master, world.now)


def _last_rdb_save(world: World) -> datetime | None:
    """The newest scheduled Redis snapshot (not the AOF stream), whatever the plan calls it:
    what the master reports as its last RDB save."""
    taken = [last_taken(world, s.component) for s in world.setup.plan.schedules
             if s.kind is DataKind.REDIS and s.interval is not None]
    return max((t for t in taken if t is not None), default=None)
