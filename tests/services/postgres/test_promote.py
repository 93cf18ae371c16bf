"""Promotion and a stopped primary, on a lab of their own (they change the topology)."""

from __future__ import annotations

import pytest

from console.lab.postgres_lab import PostgresLab
from console.lab.users import pid_alive
from services.models import PostgresRole, Site
from services.sources import Unreachable
from tests.services.postgres.conftest import source


async def test_promote_makes_the_standby_a_writable_primary(
        pg_promote_lab: PostgresLab) -> None:
    lab = pg_promote_lab
    message = await source(lab.standby_dsn, read_only=False).promote(wait_s=30)
    assert "promoted" in message and lab.password not in message
    snap = await source(lab.standby_dsn).poll()
    assert snap.role is PostgresRole.PRIMARY and not snap.in_recovery
    assert snap.timeline == 2
    lab.sql(lab.standby_port, "INSERT INTO users (email) VALUES ('after-failover@erlmcp.test')")
    assert lab.sql(lab.standby_port, "SELECT count(*) FROM users") == [(301,)]


async def test_stopped_primary_is_unreachable(pg_promote_lab: PostgresLab) -> None:
    lab = pg_promote_lab
    lab.stop_primary()
    with pytest.raises(Unreachable) as caught:
        await source(lab.primary_dsn, site=Site.PRIMARY).poll()
    assert lab.password not in str(caught.value)


def test_stop_leaves_no_process_behind(pg_promote_lab: PostgresLab) -> None:
    pids = pg_promote_lab.pids
    assert pids
    pg_promote_lab.stop()
    assert pg_promote_lab.pids == []
    assert not any(pid_alive(pid) for pid in pids)
