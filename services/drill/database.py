"""PostgreSQL on each site: the primary streaming WAL to the DR standby, until it can't.

The same facts as the real adapter (:mod:`services.postgres.sql`). While streaming, the
standby receives a small seeded lag behind the primary's ``current_lsn`` and applies a
quarter of that behind what it received (``replay_backlog_bytes``), hearing from the
primary continuously. When the link drops, its ``receive_lsn`` freezes while the
primary's ``current_lsn`` moves on (the difference is the data a failover loses), replay
catches up (backlog 0), the receiver is gone (``last_wal_receipt_at`` None) and ``lag_s``
— the age of its newest applied commit — grows with the time since the drop.
"""

from __future__ import annotations

from services.drill.backups import last_taken
from services.drill.world import World
from services.models import PostgresRole, PostgresSnapshot, ReplicationRow, Site
from services.postgres.lsn import int_to_lsn

NODES = {Site.PRIMARY: "primary-postgres", Site.DR: "secondary-postgres"}
"""Host names as the plan's configuration uses them."""
STANDBY_NAME = "erlmcp-dr-standby"
STANDBY_ADDR = "10.20.0.21"
WAL_SEGMENT_BYTES = 16 << 20
REPLAY_SHARE = 4
"""While streaming, the standby has applied all but 1/REPLAY_SHARE of its in-flight lag."""
CORRUPTION_ERROR = 'ERROR: invalid page in block 48213 of relation "base/16384/16402"'


def _standby_positions(world: World) -> tuple[int, int]:
    """(received, applied) by the DR standby now: frozen and fully applied once cut off."""
    stream = world.pg_stream()
    received = stream.replica_position(world.now)
    if stream.link_down_since(world.now) is not None:
        return received, received
    return received, received - stream.steady_lag_bytes // REPLAY_SHARE


def _replication(world: World) -> tuple[ReplicationRow, ...]:
    """The primary's ``pg_stat_replication``: one row while the DR standby streams."""
    stream = world.pg_stream()
    if world.pg_is_primary(Site.DR) or stream.link_down_since(world.now) is not None:
        return ()
    sent = stream.writer_position(world.now)
    received, applied = _standby_positions(world)
    return (ReplicationRow(
        application_name=STANDBY_NAME, client_addr=STANDBY_ADDR, state="streaming",
        sent_lsn=int_to_lsn(sent), write_lsn=int_to_lsn(received),
        flush_lsn=int_to_lsn(received), replay_lsn=int_to_lsn(applied),
        sync_state="async", lag_bytes=sent - applied, replay_lag_s=world.pg_steady_lag_s()),)


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
        in_recovery=False, timeline=world.pg_timeline(site), current_lsn=int_to_lsn(position),
        replication=replication,
        archived_count=(position - stream.base) // WAL_SEGMENT_BYTES + 4096 + world.seed,
        last_archived_at=last_archive,
        error=CORRUPTION_ERROR if world.corrupt_since(site) is not None else None,
    )


def _as_standby(world: World, site: Site) -> PostgresSnapshot:
    stream = world.pg_stream()
    received, applied = _standby_positions(world)
    down_since = stream.link_down_since(world.now)
    lag_s = world.pg_steady_lag_s()
    if down_since is not None:
        lag_s += (world.now - down_since).total_seconds()
    return PostgresSnapshot(
        observed_at=world.now, site=site, node=NODES[site], role=PostgresRole.STANDBY,
        in_recovery=True, timeline=world.pg_timeline(site), receive_lsn=int_to_lsn(received),
        replay_lsn=int_to_lsn(applied), replay_backlog_bytes=received - applied,
        lag_bytes=received - applied, lag_s=lag_s,
        wal_receiver_connected=down_since is None,
        last_wal_receipt_at=world.now if down_since is None else None,
    )


def postgres_snapshot(world: World, site: Site) -> PostgresSnapshot:
    """The site's database as it truly is (the source decides whether it can be read)."""
    if world.pg_is_primary(site):
        return _as_primary(world, site)
    return _as_standby(world, site)
