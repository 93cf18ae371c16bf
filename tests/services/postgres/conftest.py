"""Real PostgreSQL servers for the adapter's tests: a shared lab, and one to promote.

Session-scoped: starting a primary + standby takes about a second, and the tests that
change the topology (promotion, a stopped primary) get a lab of their own.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from console.lab.ports import free_port
from console.lab.postgres_lab import PostgresLab
from services.models import Site
from services.postgres.source import PostgresSource
from tests.services.lab_fixture import running_lab


def _lab(prefix: str) -> Iterator[PostgresLab]:
    yield from running_lab(PostgresLab, prefix, servers=2)


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
