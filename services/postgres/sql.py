"""The SQL a PostgreSQL poll runs, and how its rows become a :class:`PostgresSnapshot`.

A standby reports what it holds (``receive_lsn``), what it applied (``replay_lsn``) and
whether and when it last heard from its primary; what it does *not* hold is the
primary's position minus ``receive_lsn``, which the console computes across the two
snapshots. Differences within one server are the server's own (``pg_wal_lsn_diff``), so
they are exactly what an operator gets from psql. The replay delay is 0 while connected
and caught up: ``now() - pg_last_xact_replay_timestamp()`` alone grows forever on an idle
primary and would page someone for nothing; with the receiver down it is reported, as
the standby cannot know whether the primary went on writing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql as pg_sql

from services.models import PostgresRole, PostgresSnapshot, ReplicationRow, Site
from services.sources import BadAnswer

ROLE = """
SELECT pg_is_in_recovery(),
       (SELECT timeline_id FROM pg_control_checkpoint()),
       (SELECT received_tli FROM pg_stat_wal_receiver)
"""

# The primary's own timeline, from its current WAL file name: right after a promotion the
# last checkpoint (pg_control_checkpoint) still names the old one.
PRIMARY = """
SELECT pg_current_wal_lsn()::text,
       ('x' || left(pg_walfile_name(pg_current_wal_lsn()), 8))::bit(32)::int
"""

REPLICATION = """
SELECT application_name, coalesce(host(client_addr), ''), coalesce(state, ''),
       coalesce(sent_lsn::text, ''), coalesce(write_lsn::text, ''),
       coalesce(flush_lsn::text, ''), coalesce(replay_lsn::text, ''),
       coalesce(sync_state, ''),
       -- no replay position yet (startup): count everything as lag, never as 0
       pg_wal_lsn_diff(pg_current_wal_lsn(), coalesce(replay_lsn, '0/0'))::bigint,
       extract(epoch FROM replay_lag)::float8
FROM pg_stat_replication
ORDER BY application_name
"""

# pg_stat_wal_receiver has one row while a receiver process runs; a receiver still
# connecting (or retrying a dead primary) already says "streaming" but has no sender_host
# yet, and its last_msg_receipt_time is its own start time. Without pg_read_all_stats
# only the pid is visible: connected is then unknown (NULL), not false.
STANDBY = """
SELECT r.receive::text, r.replay::text,
       greatest(pg_wal_lsn_diff(r.receive, r.replay), 0)::bigint,
       CASE WHEN c.connected IS NOT FALSE AND r.receive <= r.replay THEN 0.0
            ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
       END,
       c.connected, c.receipt
FROM (SELECT greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) AS receive,
             pg_last_wal_replay_lsn() AS replay) AS r
LEFT JOIN pg_stat_wal_receiver AS w ON true
CROSS JOIN LATERAL (
    SELECT CASE WHEN w.pid IS NULL THEN false
                WHEN w.status IS NULL THEN NULL
                ELSE w.status = 'streaming' AND w.sender_host IS NOT NULL
           END AS connected,
           CASE WHEN w.sender_host IS NOT NULL THEN w.last_msg_receipt_time END AS receipt
) AS c
"""

ARCHIVER = """
SELECT archived_count, failed_count, last_archived_time, last_failed_time
FROM pg_stat_archiver
"""


def replication_row(row: tuple[Any, ...]) -> ReplicationRow:
    app, addr, state, sent, write, flush, replay, sync, lag, replay_lag = row
    return ReplicationRow(
        application_name=app, client_addr=addr, state=state, sent_lsn=sent, write_lsn=write,
        flush_lsn=flush, replay_lsn=replay, sync_state=sync, lag_bytes=int(lag),
        replay_lag_s=None if replay_lag is None else float(replay_lag))


def build_snapshot(
    *, site: Site, node: str, observed_at: datetime, role_row: tuple[Any, ...],
    archiver_row: tuple[Any, ...], primary_row: tuple[Any, ...] | None = None,
    replication: tuple[ReplicationRow, ...] = (), standby_row: tuple[Any, ...] | None = None,
) -> PostgresSnapshot:
    """Fold the rows of one poll into a snapshot (primary or standby fields, not both)."""
    in_recovery, checkpoint_tli, received_tli = role_row
    archived, failed, last_archived, last_failed = archiver_row
    fields: dict[str, Any] = {}
    if standby_row is not None:
        receive, replay, backlog, lag_s, connected, receipt = standby_row
        backlog = None if backlog is None else int(backlog)
        fields = {"receive_lsn": receive, "replay_lsn": replay,
                  "replay_backlog_bytes": backlog, "lag_bytes": backlog,
                  "lag_s": None if lag_s is None else max(0.0, float(lag_s)),
                  "wal_receiver_connected": None if connected is None else bool(connected),
                  "last_wal_receipt_at": receipt}
    elif primary_row is not None:
        fields = {"current_lsn": primary_row[0], "replication": replication}
    timeline = checkpoint_tli
    if in_recovery and received_tli:
        timeline = received_tli
    elif primary_row is not None:
        timeline = primary_row[1]
    return PostgresSnapshot(
        observed_at=observed_at, site=site, node=node,
        role=PostgresRole.STANDBY if in_recovery else PostgresRole.PRIMARY,
        in_recovery=bool(in_recovery),
        timeline=int(timeline),
        archived_count=int(archived), failed_count=int(failed),
        last_archived_at=last_archived, last_failed_at=last_failed, **fields)


async def fetch_one(conn: psycopg.AsyncConnection[tuple[Any, ...]],
               query: str | pg_sql.Composed) -> tuple[Any, ...]:
    """The one row ``query`` must return; no row at all is a bad answer."""
    cur = await conn.execute(query if isinstance(query, pg_sql.Composed) else query.encode())
    row = await cur.fetchone()
    if row is None:
        raise BadAnswer("the server returned no row")
    return row


def summary(rows: list[tuple[Any, ...]], rowcount: int) -> str:
    """One line for an operator: the first row's values and the row count."""
    if not rows:
        return f"ok ({max(rowcount, 0)} rows)"
    first = ", ".join("NULL" if v is None else str(v) for v in rows[0])
    text = first if len(rows) == 1 else f"{first} (+{len(rows) - 1} rows)"
    return text if len(text) <= 120 else text[:117] + "..."
