"""PostgreSQL on each site: the primary streaming WAL to the DR standby, until it can't.

While streaming, the standby trails by a small seeded lag. When the link drops it keeps
what it had received: ``lag_bytes`` freezes (the WAL in flight is lost) and ``lag_s``
grows with the time since the drop, which is what the console's RPO gauge reads.
"""

from __future__ import annotations

from services.drill.backups import last_taken
from services.drill.calc import format_lsn
from services.drill.world import World
from services.models import PostgresRole, PostgresSnapshot, ReplicationRow, Site

NODES = {Site.PRIMARY: "primary-postgres", Site.DR: "secondary-postgres"}
"""Host names as the plan's configuration uses them."""
STANDBY_NAME = "erlmcp-dr-standby"
STANDBY_ADDR = "10.20.0.21"
WAL_SEGMENT_BYTES = 16 << 20
CORRUPTION_ERROR = 'ERROR: invalid page in block 48213 of relation "base/16384/16402"'


def _replication(world: World) -> tuple[ReplicationRow, ...]:
    """The primary's ``pg_stat_replication``: one row while the DR standby streams."""
    stream = world.pg_stream()
    if world.pg_is_primary(Site.DR) or stream.link_down_since(world.now) is not None:
        return ()
    sent = stream.writer_position(world.now)
    replayed = stream.replica_position(world.now)
    return (ReplicationRow(
        application_name=STANDBY_NAME, client_addr=STANDBY_ADDR, state="streaming",
        sent_lsn=format_lsn(sent), write_lsn=format_lsn(replayed),
        flush_lsn=format_lsn(replayed), replay_lsn=format_lsn(replayed),
        sync_state="async", lag_bytes=sent - replayed, replay_lag_s=world.pg_steady_lag_s()),)


def _as_primary(world: World, site: Site) -> PostgresSnapshot:
    stream = world.pg_stream()
    promoted = world.pg_promoted_at(site)
    if promoted is None:
        position = stream.writer_position(world.now)
        replication = _replication(world)
    else:
        position = stream.promoted_position(promoted, world.now, world.pg_outages(site))
        replication = ()
    last_archive = last_taken(world, "postgres-wal") if site is Site.PRIMARY else promoted
    return PostgresSnapshot(
        observed_at=world.now, site=site, node=NODES[site], role=PostgresRole.PRIMARY,
        in_recovery=False, timeline=world.pg_timeline(site), current_lsn=format_lsn(position),
        replication=replication,
        archived_count=(position - stream.base) // WAL_SEGMENT_BYTES + 4096 + world.seed,
        last_archived_at=last_archive,
        error=CORRUPTION_ERROR if world.corrupt_since(site) is not None else None,
    )


def _as_standby(world: World, site: Site) -> PostgresSnapshot:
    stream = world.pg_stream()
    position = stream.replica_position(world.now)
    down_since = stream.link_down_since(world.now)
    lag_s = world.pg_steady_lag_s()
    if down_since is not None:
        lag_s += (world.now - down_since).total_seconds()
    return PostgresSnapshot(
        observed_at=world.now, site=site, node=NODES[site], role=PostgresRole.STANDBY,
        in_recovery=True, timeline=world.pg_timeline(site), receive_lsn=format_lsn(position),
        replay_lsn=format_lsn(position), lag_bytes=stream.steady_lag_bytes, lag_s=lag_s,
        wal_receiver_connected=down_since is None,
    )


def postgres_snapshot(world: World, site: Site) -> PostgresSnapshot:
    """The site's database as it truly is (the source decides whether it can be read)."""
    if world.pg_is_primary(site):
        return _as_primary(world, site)
    return _as_standby(world, site)
