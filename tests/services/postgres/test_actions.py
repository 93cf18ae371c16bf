"""Verification queries, and the read-only guard on promotion."""

from __future__ import annotations

import pytest

from console.lab.postgres_lab import PostgresLab
from services.sources import ReadOnlyRefused
from tests.services.postgres.conftest import source


async def test_verify_runs_the_plans_queries_read_only(pg_lab: PostgresLab) -> None:
    results = await source(pg_lab.standby_dsn).verify([
        "SELECT count(*) FROM users",
        "SELECT count(*) FROM sessions",
        "INSERT INTO users (email) VALUES ('intruder@erlmcp.test')",
        "SELECT no_such_column FROM users",
    ])
    assert [text for _, text in results[:2]] == ["300", "500"]
    assert results[2][1].startswith("ERROR: cannot execute INSERT in a read-only")
    assert results[3][1].startswith("ERROR: column \"no_such_column\" does not exist")


async def test_verify_on_primary_cannot_write_either(pg_lab: PostgresLab) -> None:
    (result,) = await source(pg_lab.primary_dsn, read_only=False).verify(
        ["DELETE FROM users"])
    assert "read-only transaction" in result[1]
    assert pg_lab.sql(pg_lab.primary_port, "SELECT count(*) FROM users") == [(300,)]


async def test_read_only_promote_is_refused_and_nothing_changes(pg_lab: PostgresLab) -> None:
    with pytest.raises(ReadOnlyRefused):
        await source(pg_lab.standby_dsn, read_only=True).promote(wait_s=5)
    assert pg_lab.sql(pg_lab.standby_port, "SELECT pg_is_in_recovery()") == [(True,)]
