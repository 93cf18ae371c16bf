"""PostgreSQL on each site: the primary streaming WAL to the DR standby, until it can't.

The same facts as the real adapter (:mod:`services.postgres.sql`). While streaming, the
standby receives a small seeded lag behind the primary's ``current_lsn`` and applies a
quarter of that behind what it received (``replay_backlog_bytes``), hearing from the
primary continuously. When the link drops, its ``receive_lsn`` freezes while the
primary's ``current_lsn`` moves on (the difference is the data a failover loses), replay
catches up (backlog 0), the receiver is gone (``last_wal_receipt_at`` None) and ``lag_s``
— the age of its newest applied commit — grows with the time since the drop.

After a failover the roles move (:mod:`services.drill.history`): a fenced site does not
answer, a rebuilt one answers once its copy is through, on its source's timeline, and
receives what was written meanwhile at the catch-up rate.
"""

from __future__ import annotations

from services.drill.backups import last_taken
from services.drill.history import Down, Follower, Writer
from services.drill.world import World
from services.models import PostgresRole, PostgresSnapshot, ReplicationRow, Site
from services.postgres.lsn import int_to_lsn

NODES = {Site.PRIMARY: "primary-postgres", Site.DR: "secondary-postgres"}
"""Host names as the plan's configuration uses them."""
STANDBY_NAME = "erlmcp-dr-standby"
STANDBY_ADDR = "10.20.0.21"
STANDBYS = {Site.DR: (STANDBY_NAME, STANDBY_ADDR),
            Site.PRIMARY: ("erlmcp-primary-standby", "10.10.0.21")}
"""``application_name`` and address each site's standby streams under."""
WAL_SEGMENT_BYTES = 16 << 20
REPLAY_SHARE = 4
"""While streaming, the standby has applied all but 1/REPLAY_SHARE of its in-flight lag."""
CORRUPTION_ERROR = 'ERROR: invalid page in block 48213 of relation "base/16384/16402"'


def _positions(world: World, follower: Follower) -> tuple[int, int]:
    """(received, applied) by ``follower`` now: applied trails while streaming."""
    received = world.pg.received(follower, world.now)
    if not world.pg.streaming(follower, world.now):
        return received, received
    applied = received - world.pg.stream.steady_lag_bytes // REPLAY_SHARE
    # A fresh copy holds nothing unapplied; the scenario's first standby trails from T+0.
    return received, applied if follower.origin else max(follower.start, applied)


def _rows(world: World, writer: Writer) -> tuple[ReplicationRow, ...]:
    """The writer's ``pg_stat_replication``: one row per standby streaming from it."""
    rows = []
    for follower in world.pg.followers(writer):
        if not world.pg.streaming(follower, world.now):
            continue
        sent = world.pg.position(writer, world.now)
        received, applied = _positions(world, follower)
        name, addr = STANDBYS[follower.site]
        rows.append(ReplicationRow(
            application_name=name, client_addr=addr, state="streaming",
            sent_lsn=int_to_lsn(sent), write_lsn=int_to_lsn(received),
            flush_lsn=int_to_lsn(received), replay_lsn=int_to_lsn(applied),
            sync_state="async", lag_bytes=sent - applied,
            replay_lag_s=world.pg_steady_lag_s()))
    return tuple(rows)


def _as_primary(world: World, site: Site, writer: Writer) -> PostgresSnapshot:
    stream = world.pg.stream
    position = world.pg.position(writer, world.now)
    last_archive = last_taken(world, "postgres-wal") if writer.origin else writer.since
    return PostgresSnapshot(
        observed_at=world.now, site=site, node=NODES[site], role=PostgresRole.PRIMARY,
        in_recovery=False, timeline=world.pg_timeline(site), current_lsn=int_to_lsn(position),
        replication=_rows(world, writer),
        archived_count=(position - stream.base) // WAL_SEGMENT_BYTES + 4096 + world.seed,
        last_archived_at=last_archive,
        error=CORRUPTION_ERROR if world.corrupt_since(site) is not None else None,
    )


def _lag_s(world: World, follower: Follower, received: int) -> float:
    """Age of the newest applied commit: steady lag, plus what it is behind or the time
    since its source stopped sending."""
    history, now = world.pg, world.now
    lag_s = world.pg_steady_lag_s()
    source = follower.source
    down_since = history.stream.link_down_since(now) if follower.origin else None
    if down_since is None and not source.active(now):
        down_since = source.until
    if down_since is not None:
        return lag_s + (now - down_since).total_seconds()
    behind = history.position(source, now) - history.stream.steady_lag_bytes - received
    return lag_s + max(0, behind) / history.stream.rate_bytes_per_s


def _as_standby(world: World, site: Site, follower: Follower) -> PostgresSnapshot:
    received, applied = _positions(world, follower)
    streaming = world.pg.streaming(follower, world.now)
    return PostgresSnapshot(
        observed_at=world.now, site=site, node=NODES[site], role=PostgresRole.STANDBY,
        in_recovery=True, timeline=world.pg_timeline(site), receive_lsn=int_to_lsn(received),
        replay_lsn=int_to_lsn(applied), replay_backlog_bytes=received - applied,
        lag_bytes=received - applied, lag_s=_lag_s(world, follower, received),
        wal_receiver_connected=streaming,
        last_wal_receipt_at=world.now if streaming else None,
    )


def unavailable(world: World, site: Site) -> str | None:
    """Why the site's PostgreSQL is not running now (fenced, being copied), or None."""
    state = world.pg.state(site)
    if isinstance(state, Down):
        return f"shut down, {state.reason}"
    if isinstance(state, Follower) and world.now < state.ready_at:
        left = (state.ready_at - world.now).total_seconds()
        return (f"being rebuilt from {state.source.site} ({state.how}), "
                f"ready in ~{int(left) + 1}s")
    return None


def postgres_snapshot(world: World, site: Site) -> PostgresSnapshot:
    """The site's database as it truly is (the source decides whether it can be read);
    a database that is not running says why in ``error``."""
    state = world.pg.state(site)
    if isinstance(state, Writer):
        return _as_primary(world, site, state)
    if isinstance(state, Follower):
        snap = _as_standby(world, site, state)
    else:
        snap = PostgresSnapshot(observed_at=world.now, site=site, node=NODES[site],
                                role=PostgresRole.STANDBY, in_recovery=True,
                                timeline=world.pg_timeline(site))
    why = unavailable(world, site)
    return snap if why is None else snap.model_copy(update={"error": why})
