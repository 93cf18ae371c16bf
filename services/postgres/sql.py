"""The SQL a PostgreSQL poll runs, and how its rows become a :class:`PostgresSnapshot`.

Lag is computed by the server (``pg_wal_lsn_diff``) so the numbers are exactly what an
operator would get from psql. On a standby, replay delay is 0 whenever everything
received has been replayed: ``now() - pg_last_xact_replay_timestamp()`` alone grows
forever on an idle primary and would page someone for nothing.
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

STANDBY = """
SELECT r.receive::text, r.replay::text,
       greatest(pg_wal_lsn_diff(r.receive, r.replay), 0)::bigint,
       CASE WHEN r.receive IS NULL THEN NULL
            WHEN r.receive <= r.replay THEN 0.0
            ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
       END,
       EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
FROM (SELECT pg_last_wal_receive_lsn() AS receive, pg_last_wal_replay_lsn() AS replay) AS r
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
        receive, replay, lag_bytes, lag_s, streaming = standby_row
        fields = {"receive_lsn": receive, "replay_lsn": replay,
                  "lag_bytes": None if lag_bytes is None else int(lag_bytes),
                  "lag_s": None if lag_s is None else max(0.0, float(lag_s)),
                  "wal_receiver_connected": bool(streaming)}
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
