"""What a lab site's health endpoint says about its database, asked on each request.

A real site's health check answers from the site's own state, and so must the lab's:
503 ``standby`` while its PostgreSQL is in recovery, 200 ``ok`` once it is a primary —
whoever promoted it (the console's adapter calls ``pg_promote()`` behind the lab's back,
so nothing but the database itself can tell) — and 503 ``database unreachable`` when it
does not answer. One connection is kept (and replaced when it breaks) so a check is one
query, not a connection's start-up and authentication timed into the endpoint's answer;
the answer is cached for ``ttl_s`` so a burst of polls costs one query; and every query
has a short deadline so a hung database cannot hang the endpoint.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

Answer = tuple[int, str]
"""HTTP status code and the body's ``status`` word."""

SERVING: Answer = (200, "ok")
STANDBY: Answer = (503, "standby")
UNREACHABLE: Answer = (503, "database unreachable")
APPLICATION_NAME = "recovery-console-lab-health"


class DatabaseHealth:
    """Callable answering :data:`Answer` for the database whose DSN is in ``dsn_file``.

    The DSN is read on each query (the lab writes it after the endpoint starts, and it is
    a 0600 secret that never goes on a command line).
    """

    def __init__(self, dsn_file: Path, *, ttl_s: float = 0.5, timeout_s: float = 2.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.dsn_file = dsn_file
        self.ttl_s = ttl_s
        self.timeout_s = timeout_s
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._conn: psycopg.Connection[tuple[Any, ...]] | None = None
        self._answer: Answer | None = None
        self._asked_at = 0.0

    def __call__(self) -> Answer:
        with self._lock:  # concurrent requests share one query (and one connection)
            if self._answer is None or self._monotonic() - self._asked_at >= self.ttl_s:
                self._answer = self._ask()
                self._asked_at = self._monotonic()
            return self._answer

    def close(self) -> None:
        """Close the kept connection (the next check opens a new one)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error, OSError):
                conn.close()

    def _ask(self) -> Answer:
        # A kept connection may have died with a restarted server: one fresh try then.
        for _ in range(2 if self._conn is not None else 1):
            try:
                conn = self._conn = self._conn or self._connect()
                row = conn.execute(b"SELECT pg_is_in_recovery()").fetchone()
            except (OSError, ValueError, psycopg.Error):
                self.close()
                continue
            if row is not None:
                return STANDBY if row[0] else SERVING
        return UNREACHABLE

    def _connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        dsn = self.dsn_file.read_text(encoding="utf-8").strip()
        return psycopg.connect(dsn, autocommit=True, application_name=APPLICATION_NAME,
                               connect_timeout=max(2, round(self.timeout_s)),
                               options=f"-c statement_timeout={int(self.timeout_s * 1000)}")
