"""Real Redis servers for the adapter's tests: a shared primary + replica, and fresh ones.

Starting a Redis pair takes about 0.1 s, so tests that change the topology (promotion)
simply get their own pair.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from console.lab.ports import free_port
from console.lab.redis_lab import RedisLab
from services.models import Site
from services.redis.source import RedisSource
from tests.services.lab_fixture import running_lab


def _lab(prefix: str) -> Iterator[RedisLab]:
    yield from running_lab(RedisLab, prefix, servers=2)


@pytest.fixture(scope="session")
def redis_lab() -> Iterator[RedisLab]:
    yield from _lab("rc-redislab-")


@pytest.fixture
def fresh_redis_lab() -> Iterator[RedisLab]:
    yield from _lab("rc-redislab-fresh-")


def source(url: str, *, site: Site = Site.DR, read_only: bool = True, timeout_s: float = 2.0,
           primary_url: str | None = None) -> RedisSource:
    return RedisSource(site, "redis-test", url, timeout_s=timeout_s, read_only=read_only,
                       primary_url=primary_url)


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
