"""Real PostgreSQL servers for the adapter's tests: a shared lab, and one to promote.

Session-scoped: starting a primary + standby takes about a second, and the tests that
change the topology (promotion, a stopped primary) get a lab of their own.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.lab.ports import free_port
from console.lab.postgres_lab import PostgresLab
from console.lab.users import pid_alive
from services.models import Site
from services.postgres import PostgresSource


def _lab(prefix: str) -> Iterator[PostgresLab]:
    # Not tmp_path: pytest's tree is root-only (0700), and the servers run as the lab user.
    base = Path(tempfile.mkdtemp(prefix=prefix))
    lab = PostgresLab(base)
    try:
        lab.start()
        pids = lab.pids
        assert len(pids) == 2
        yield lab
    finally:
        try:
            lab.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)
    assert not [pid for pid in pids if pid_alive(pid)], "postgres outlived the lab"


@pytest.fixture(scope="session")
def pg_lab() -> Iterator[PostgresLab]:
    yield from _lab("rc-pglab-")


@pytest.fixture(scope="session")
def pg_promote_lab() -> Iterator[PostgresLab]:
    yield from _lab("rc-pglab-promote-")


def source(dsn: str, *, site: Site = Site.DR, read_only: bool = True,
           timeout_s: float = 5.0) -> PostgresSource:
    return PostgresSource(site, "pg-test", dsn, timeout_s=timeout_s, read_only=read_only)


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on: connections are refused."""
    return free_port()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts TCP connections and never says a word."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield int(sock.getsockname()[1])
