"""Failures become typed errors, and never show the DSN's password."""

from __future__ import annotations

import pytest

from console.lab.postgres_lab import PostgresLab
from services.sources import AuthFailed, BadAnswer, SourceTimeout, Unreachable
from tests.services.postgres.conftest import source

WRONG = "Wr0ng-pass-word-xyz"


async def test_wrong_password_is_auth_failed_and_not_echoed(pg_lab: PostgresLab) -> None:
    with pytest.raises(AuthFailed) as caught:
        await source(pg_lab.dsn(pg_lab.primary_port, password=WRONG)).poll()
    assert WRONG not in str(caught.value)
    assert "authentication failed" in str(caught.value)


async def test_nothing_listening_is_unreachable(pg_lab: PostgresLab, closed_port: int) -> None:
    with pytest.raises(Unreachable) as caught:
        await source(pg_lab.dsn(closed_port)).poll()
    assert pg_lab.password not in str(caught.value)


async def test_silent_server_is_a_timeout(pg_lab: PostgresLab, silent_port: int) -> None:
    with pytest.raises(SourceTimeout) as caught:
        await source(pg_lab.dsn(silent_port), timeout_s=0.5).poll()
    assert pg_lab.password not in str(caught.value)


async def test_promoting_a_primary_is_a_bad_answer(pg_lab: PostgresLab) -> None:
    with pytest.raises(BadAnswer):
        await source(pg_lab.primary_dsn, read_only=False).promote(wait_s=5)
