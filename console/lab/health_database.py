"""What a lab site's health endpoint says about its database, asked on each request.

A real site's health check answers from the site's own state, and so must the lab's:
503 ``standby`` while its PostgreSQL is in recovery, 200 ``ok`` once it is a primary —
whoever promoted it (the console's adapter calls ``pg_promote()`` behind the lab's back,
so nothing but the database itself can tell) — and 503 ``database unreachable`` when it
does not answer. The answer is cached for ``ttl_s`` so a burst of polls costs one query,
and every query has a short deadline so a hung database cannot hang the endpoint.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

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
        self._answer: Answer | None = None
        self._asked_at = 0.0

    def __call__(self) -> Answer:
        with self._lock:  # concurrent requests share one query
            if self._answer is None or self._monotonic() - self._asked_at >= self.ttl_s:
                self._answer = self._ask()
                self._asked_at = self._monotonic()
            return self._answer

    def _ask(self) -> Answer:
        budget_ms = int(self.timeout_s * 1000)
        try:
            dsn = self.dsn_file.read_text(encoding="utf-8").strip()
            with psycopg.connect(dsn, autocommit=True, application_name=APPLICATION_NAME,
                                 connect_timeout=max(2, round(self.timeout_s)),
                                 options=f"-c statement_timeout={budget_ms}") as conn:
                row = conn.execute(b"SELECT pg_is_in_recovery()").fetchone()
        except (OSError, ValueError, psycopg.Error):
            return UNREACHABLE
        if row is None:
            return UNREACHABLE
        return STANDBY if row[0] else SERVING
