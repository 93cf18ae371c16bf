"""PostgreSQL adapter: one poll reads a node's role, WAL positions, lag and archiver state.

A connection per poll: polls are seconds apart, a fresh connection is cheap on a LAN, and
it is what makes a failover visible (a kept connection to a dead primary can hang in
TCP retransmits long after the poller gave up). Every connection is read-only and has a
statement timeout, except the one ``promote()`` opens. The DSN is a secret: it never
appears in an error, since errors reach the screen and the journal. Every connection
names itself (``application_name``, :func:`services.identity.client_name`), so a DBA can
tell the console's sessions from the application's.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import psycopg
from psycopg import sql as pg_sql
from pydantic import SecretStr

from services.clock import Clock, SystemClock
from services.identity import client_name
from services.models import PostgresSnapshot, Site
from services.postgres import sql as q
from services.postgres.errors import map_error, scrub
from services.sources import BadAnswer, ReadOnlyGuard, SourceError

T = TypeVar("T")


def single_statement(query: str) -> str:
    """``query`` without one trailing ``;``; :class:`BadAnswer` if it holds another ``;``.

    Deliberately blunt (a ``;`` inside a string literal is refused too): a verification
    query is a plain SELECT, and parsing SQL here would be a way to get it wrong.
    """
    body = query.strip()
    body = body.removesuffix(";")
    if ";" in body:
        raise BadAnswer("verification queries must be a single statement")
    return body


class PostgresSource(ReadOnlyGuard):
    """Polls one PostgreSQL node (primary or standby) of ``site``; can promote a standby."""

    def __init__(self, site: Site, node: str, dsn: SecretStr | str, *, timeout_s: float,
                 read_only: bool, clock: Clock | None = None,
                 operator: str | None = None) -> None:
        self.site = site
        self.application_name = client_name(operator)
        self.node = node
        self._dsn = dsn if isinstance(dsn, SecretStr) else SecretStr(dsn)
        self.timeout_s = timeout_s
        self.read_only = read_only
        self._clock = clock or SystemClock()

    @property
    def name(self) -> str:
        return f"postgres/{self.site.value}"

    @property
    def _secrets(self) -> tuple[str, str | None]:
        """The DSN and its password, to scrub from every error text.

        A DSN libpq cannot parse is refused here with a fixed message: libpq's own parse
        errors quote the DSN (password included), so their text must never pass through.
        """
        dsn = self._dsn.get_secret_value()
        try:
            password = psycopg.conninfo.conninfo_to_dict(dsn).get("password")
        except (psycopg.Error, ValueError, TypeError):
            raise BadAnswer(f"{self.name}: invalid PostgreSQL DSN (not shown)") from None
        return dsn, str(password) if password is not None else None

    @asynccontextmanager
    async def _connect(self, *, read_only: bool = True,
                       statement_timeout_s: float | None = None) -> AsyncIterator[
                           psycopg.AsyncConnection[tuple[Any, ...]]]:
        """A connection, with every failure mapped to a typed, scrubbed error."""
        secrets = self._secrets
        budget_ms = math.ceil(1000 * (statement_timeout_s or self.timeout_s))
        options = f"-c statement_timeout={budget_ms}"
        if read_only:
            options += " -c default_transaction_read_only=on"
        try:
            conn = await psycopg.AsyncConnection.connect(
                self._dsn.get_secret_value(), autocommit=True, options=options,
                connect_timeout=max(2, math.ceil(self.timeout_s)),
                application_name=self.application_name)
        except (psycopg.Error, OSError) as exc:
            raise map_error(self.name, exc, *secrets) from None
        try:
            async with conn:
                yield conn
        except SourceError:
            raise
        except (psycopg.Error, OSError, ValueError, TypeError) as exc:
            raise map_error(self.name, exc, *secrets) from None

    async def _guarded(self, coro: Awaitable[T], timeout_s: float) -> T:
        """Await ``coro`` within ``timeout_s``: a hung server ends in SourceTimeout."""
        try:
            async with asyncio.timeout(timeout_s):
                return await coro
        except TimeoutError as exc:
            raise map_error(self.name, exc) from None

    async def poll(self) -> PostgresSnapshot:
        return await self._guarded(self._poll(), self.timeout_s)

    async def _poll(self) -> PostgresSnapshot:
        async with self._connect() as conn:
            role_row = await q.fetch_one(conn, q.ROLE)
            archiver_row = await q.fetch_one(conn, q.ARCHIVER)
            if role_row[0]:
                standby_row = await q.fetch_one(conn, q.STANDBY)
                return q.build_snapshot(
                    site=self.site, node=self.node, observed_at=self._clock.now(),
                    role_row=role_row, archiver_row=archiver_row, standby_row=standby_row)
            primary_row = await q.fetch_one(conn, q.PRIMARY)
            rows = await (await conn.execute(q.REPLICATION)).fetchall()
            replication = tuple(q.replication_row(row) for row in rows)
            return q.build_snapshot(
                site=self.site, node=self.node, observed_at=self._clock.now(),
                role_row=role_row, archiver_row=archiver_row, primary_row=primary_row,
                replication=replication)

    async def promote(self, wait_s: int = 60) -> str:
        """Promote this standby (``pg_promote``) and wait up to ``wait_s`` for it to finish.

        Refused in read-only mode before any connection is made.
        """
        self._guard("promote")
        return await self._guarded(
            self._promote(wait_s), wait_s + 2 * self.timeout_s)

    async def _promote(self, wait_s: int) -> str:
        async with self._connect(read_only=False, statement_timeout_s=wait_s + 5) as conn:
            if not (await q.fetch_one(conn, "SELECT pg_is_in_recovery()"))[0]:
                raise BadAnswer(f"{self.name}: not a standby, nothing to promote")
            done = await q.fetch_one(conn, pg_sql.SQL("SELECT pg_promote(true, {})").format(wait_s))
            if not done[0]:
                raise BadAnswer(f"{self.name}: promotion not finished after {wait_s} s")
            tli = await q.fetch_one(conn, q.PRIMARY)
        return f"{self.node} promoted to primary (timeline {tli[1]})"

    async def verify(self, queries: Sequence[str]) -> list[tuple[str, str]]:
        """Run the plan's verification queries; returns (query, short result) pairs.

        Not guarded, so even a watcher can run them: each query must be a single statement
        (psycopg sends a parameterless query with the simple protocol, which would run
        ``SET ...; UPDATE ...`` whole) and runs in its own ``READ ONLY`` transaction, so a
        query that tries to write fails server-side whatever the session settings. A query
        with more than one statement is refused (:class:`BadAnswer`) before anything runs.
        A failing query is reported in its result text, so one bad query does not hide the
        others.
        """
        for query in queries:  # all refused before any runs
            single_statement(query)
        return await self._guarded(
            self._verify(queries), self.timeout_s * max(1, len(queries)))

    async def _verify(self, queries: Sequence[str]) -> list[tuple[str, str]]:
        results: list[tuple[str, str]] = []
        async with self._connect() as conn:
            for query in queries:
                try:
                    async with conn.transaction():
                        await conn.execute(b"SET TRANSACTION READ ONLY")
                        cur = await conn.execute(single_statement(query).encode())
                        rows = await cur.fetchall() if cur.description else []
                    results.append((query, q.summary(rows, cur.rowcount)))
                except psycopg.Error as exc:
                    if conn.closed:
                        raise
                    results.append((query, "ERROR: " + scrub(str(exc), *self._secrets)))
        return results

