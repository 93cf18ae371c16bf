"""A lab site's health endpoint answers from its own PostgreSQL, like the drill's.

Real servers: a primary and a streaming standby, an endpoint per site asking its
database, and the console's own health adapter reading the endpoints.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.lab.health_database import APPLICATION_NAME, DatabaseHealth
from console.lab.health_lab import HealthEndpoint
from console.lab.lab_state import write_secret
from console.lab.postgres_lab import PostgresLab
from services.health.source import HealthSource
from services.models import HealthSnapshot, Site
from services.postgres.source import PostgresSource
from tests.services.lab_fixture import running_lab


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresLab]:
    yield from running_lab(PostgresLab, "rc-lab-health-db-", servers=2)


def endpoint(dsn_file: Path) -> HealthEndpoint:
    server = HealthEndpoint(check=DatabaseHealth(dsn_file, ttl_s=0.2))
    server.start()
    return server


def stop(server: HealthEndpoint) -> None:
    server.stop()
    if isinstance(server.check, DatabaseHealth):
        server.check.close()


def checkers(pg: PostgresLab, port: int) -> int:
    """Sessions the health checks hold on the server at ``port``."""
    rows = pg.sql(port, "SELECT count(*) FROM pg_stat_activity "
                  f"WHERE application_name = '{APPLICATION_NAME}'")
    return int(str(rows[0][0]))


async def answer(server: HealthEndpoint, site: Site) -> HealthSnapshot:
    source = HealthSource(site, server.url, timeout_s=5)
    try:
        return await source.poll()
    finally:
        await source.close()


async def until(server: HealthEndpoint, site: Site, code: int, timeout_s: float = 5.0
                ) -> HealthSnapshot:
    deadline = time.monotonic() + timeout_s
    while True:
        snap = await answer(server, site)
        if snap.status_code == code or time.monotonic() > deadline:
            return snap
        await asyncio.sleep(0.1)


async def test_health_follows_the_database(pg: PostgresLab) -> None:
    primary_dsn = write_secret(pg.base_dir / "secrets" / "primary.dsn", pg.primary_dsn)
    standby_dsn = write_secret(pg.base_dir / "secrets" / "dr.dsn", pg.standby_dsn)
    primary, dr = endpoint(primary_dsn), endpoint(standby_dsn)
    try:
        up = await answer(primary, Site.PRIMARY)
        assert (up.status_code, up.reported_status, up.ok) == (200, "ok", True)
        for _ in range(3):
            await asyncio.sleep(0.25)  # past the cache: each answer asks the database
            assert (await answer(primary, Site.PRIMARY)).ok
        assert checkers(pg, pg.primary_port) == 1  # one kept connection, not one per check
        standby = await answer(dr, Site.DR)
        assert (standby.status_code, standby.reported_status, standby.ok) == (
            503, "standby", False)

        # Promoted by the console's adapter, not by the lab: the endpoint notices.
        operator = PostgresSource(Site.DR, "dr", pg.standby_dsn, timeout_s=5, read_only=False)
        await operator.promote(wait_s=30)
        promoted = await until(dr, Site.DR, 200)
        assert (promoted.status_code, promoted.reported_status, promoted.ok) == (200, "ok", True)

        pg.stop_primary()
        down = await until(primary, Site.PRIMARY, 503)
        assert (down.status_code, down.reported_status) == (503, "database unreachable")
        assert down.latency_ms is not None and down.latency_ms < 3000  # a short deadline
        pg.start_primary()  # its kept connection died with it: the check reconnects
        back = await until(primary, Site.PRIMARY, 200)
        assert (back.status_code, back.reported_status) == (200, "ok")
    finally:
        stop(primary)
        stop(dr)


async def test_no_dsn_yet_is_unreachable(tmp_path: Path) -> None:
    server = endpoint(tmp_path / "not-written-yet.dsn")
    try:
        snap = await answer(server, Site.DR)
    finally:
        stop(server)
    assert (snap.status_code, snap.reported_status) == (503, "database unreachable")


def test_answers_are_cached_for_the_ttl(pg: PostgresLab, tmp_path: Path) -> None:
    now = [100.0]
    dsn_file = write_secret(tmp_path / "dr.dsn", pg.standby_dsn)
    check = DatabaseHealth(dsn_file, ttl_s=1.0, monotonic=lambda: now[0])
    try:
        first = check()
        assert first in ((503, "standby"), (200, "ok"))  # before or after the promotion test
        # Its session killed and its credentials now wrong: only a new question notices.
        write_secret(dsn_file, pg.dsn(pg.standby_port, password="wrong"))
        pg.sql(pg.standby_port, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
               f"WHERE application_name = '{APPLICATION_NAME}'")
        now[0] += 0.5
        assert check() == first  # within the TTL: not asked again
        now[0] += 0.6
        assert check() == (503, "database unreachable")  # asked: dead session, then refused
    finally:
        check.close()
