"""The databases a restore touches: a throwaway scratch database, and the checks after it.

A scratch restore must never land on a database someone uses, so it gets a fresh database
of its own (``<dbname>_restore_<stamp>``) on the scratch server, created here and dropped
(``WITH (FORCE)``) when done. Checking a restore is counting what the backup's manifest
counted: the rows of each verification table and the schemata, read in a read-only
transaction so the check itself cannot change what it checks.
"""

from __future__ import annotations

import asyncio
import secrets as token
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql

from services.backups.manifest import Comparison
from services.identity import client_name
from services.postgres.errors import map_error
from services.postgres.restore_run import split_dsn

SCHEMATA = "SELECT schema_name FROM information_schema.schemata"
"""The producer's query (:func:`services.backups.produce.dump_postgres`), so both agree."""
_SESSION_SCHEMATA = ("pg_temp_", "pg_toast_temp_")
"""Per-session temporary schemata: whether one exists says nothing about a backup."""


def _password(dsn: str) -> str | None:
    split_dsn(dsn)  # a DSN libpq cannot parse is refused without quoting it
    password = psycopg.conninfo.conninfo_to_dict(dsn).get("password")
    return str(password) if password is not None else None


def with_dbname(dsn: str, dbname: str) -> str:
    """``dsn`` pointing at ``dbname`` on the same server, same credentials."""
    params: dict[str, Any] = dict(psycopg.conninfo.conninfo_to_dict(dsn))
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})


def scratch_name(dsn: str, now: datetime | None = None) -> str:
    """A database name no one else uses: the scratch DSN's dbname, a stamp, a token."""
    base = str(psycopg.conninfo.conninfo_to_dict(dsn).get("dbname") or "scratch")
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S")
    return f"{base[:30]}_restore_{stamp}_{token.token_hex(2)}"


async def _execute(dsn: str, statement: sql.Composed, timeout_s: float, name: str) -> None:
    try:
        async with asyncio.timeout(timeout_s):
            conn = await psycopg.AsyncConnection.connect(
                dsn, autocommit=True, connect_timeout=max(2, int(timeout_s)),
                application_name=client_name())
            async with conn:
                await conn.execute(statement)
    except (psycopg.Error, OSError, TimeoutError) as exc:
        raise map_error(name, exc, dsn, _password(dsn)) from None


async def create_scratch(dsn: str, *, timeout_s: float = 30.0) -> tuple[str, str]:
    """Create a fresh database next to the one ``dsn`` names; (its DSN, its name)."""
    name = scratch_name(dsn)
    await _execute(dsn, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)),
                   timeout_s, "scratch database")
    return with_dbname(dsn, name), name


async def drop_scratch(scratch_dsn: str, *, timeout_s: float = 30.0) -> None:
    """Drop the scratch database ``scratch_dsn`` names (from its server's maintenance DB)."""
    name = str(psycopg.conninfo.conninfo_to_dict(scratch_dsn)["dbname"])
    if "_restore_" not in name:  # never drop a database this module did not create
        raise ValueError(f"refusing to drop {name!r}: not a scratch restore database")
    await _execute(with_dbname(scratch_dsn, "postgres"),
                   sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                       sql.Identifier(name)), timeout_s, "scratch database")


def _table(name: str) -> sql.Composable:
    return sql.Identifier(*name.split(".", 1))


async def compare(dsn: str, row_counts: Mapping[str, int], schemas: Sequence[str], *,
                  timeout_s: float = 60.0, name: str = "restored database"
                  ) -> list[Comparison]:
    """Count each table's rows and list the schemata; one :class:`Comparison` each.

    A table that cannot be counted (dropped, renamed) is a mismatch, not an error: the
    operator sees every check, not just the first that failed. The schemata must include
    every one the manifest lists (a target may hold more).
    """
    results: list[Comparison] = []
    try:
        async with asyncio.timeout(timeout_s):
            conn = await psycopg.AsyncConnection.connect(
                dsn, autocommit=True, connect_timeout=max(2, int(timeout_s)),
                application_name=client_name())
            async with conn:
                for table, expected in sorted(row_counts.items()):
                    try:
                        async with conn.transaction():
                            await conn.execute("SET TRANSACTION READ ONLY")
                            cur = await conn.execute(sql.SQL("SELECT count(*) FROM {}").format(
                                _table(table)))
                            row = await cur.fetchone()
                        found = str(row[0]) if row else "?"
                    except psycopg.errors.UndefinedTable:
                        found = "missing"
                    results.append(Comparison(f"rows in {table}", str(expected), found))
                cur = await conn.execute(SCHEMATA)
                present = {str(r[0]) for r in await cur.fetchall()}
    except (psycopg.Error, OSError, TimeoutError) as exc:
        raise map_error(name, exc, dsn, _password(dsn)) from None
    wanted = sorted({s for s in schemas if not s.startswith(_SESSION_SCHEMATA)})
    missing = [s for s in wanted if s not in present]
    results.append(Comparison("schemata", ", ".join(wanted),
                              ", ".join(s for s in wanted if s in present)
                              + (f" (missing {', '.join(missing)})" if missing else "")))
    return results
