"""A broken ``archive_command`` on a real primary shows as failing on the next poll."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from console.judge.backup_streams import wal_archiving
from console.judge.model import Status
from console.lab.postgres_lab import PostgresLab
from console.live.readings import Reading
from services.models import Site
from services.postgres.source import PostgresSource
from tests.services.lab_fixture import running_lab


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresLab]:
    yield from running_lab(PostgresLab, "rc-walverdict-", servers=2)


async def _verdict(pg: PostgresLab) -> tuple[Status, str]:
    source = PostgresSource(Site.PRIMARY, "lab", pg.primary_dsn, timeout_s=5.0,
                            read_only=True)
    snap = await source.poll()
    now = datetime.now(UTC)
    verdict = wal_archiving({"postgres/primary": Reading(source="postgres/primary",
                                                         snapshot=snap, checked_at=now)}, now)
    return verdict.status, verdict.reason


def _switch(pg: PostgresLab) -> None:
    pg.sql(pg.primary_port, "INSERT INTO filler (payload) VALUES ('x')")
    pg.sql(pg.primary_port, "SELECT pg_switch_wal()")


def _set_archive_command(pg: PostgresLab, command: str) -> None:
    literal = "'" + command.replace("'", "''") + "'"
    pg.sql(pg.primary_port, f"ALTER SYSTEM SET archive_command = {literal}")
    pg.sql(pg.primary_port, "SELECT pg_reload_conf()")


def _wait(pg: PostgresLab, column: str) -> None:
    before = pg.sql(pg.primary_port, f"SELECT {column} FROM pg_stat_archiver")[0][0]
    _switch(pg)
    deadline = time.monotonic() + 15
    while pg.sql(pg.primary_port, f"SELECT {column} FROM pg_stat_archiver")[0][0] == before:
        assert time.monotonic() < deadline, f"{column} never moved"
        time.sleep(0.1)


async def test_broken_archive_command_is_breached_within_one_poll(pg: PostgresLab) -> None:
    _wait(pg, "archived_count")
    status, reason = await _verdict(pg)
    assert status is Status.MET, reason
    _set_archive_command(pg, "false")
    try:
        _wait(pg, "failed_count")
        status, reason = await _verdict(pg)
        assert status is Status.BREACHED and "archive_command failing" in reason, reason
    finally:
        _set_archive_command(pg, f"test ! -f {pg.archive_dir}/%f && cp %p {pg.archive_dir}/%f")
    _wait(pg, "archived_count")
    status, reason = await _verdict(pg)
    assert status is Status.MET, reason
