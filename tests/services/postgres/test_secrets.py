"""A DSN libpq cannot parse never reaches an error text; verify runs single statements only."""

from __future__ import annotations

import psycopg
import pytest

from console.lab.postgres_lab import PostgresLab
from services.postgres.errors import map_error, scrub
from services.sources import BadAnswer
from tests.services.postgres.conftest import source

_BAD_DSNS = [
    ("postgresql://u:S3cret%zzPW@127.0.0.1/db", "S3cret"),
    ("postgresql://u:S3cretPW@[::1/db", "S3cret"),
    ("host=127.0.0.1 password=S3cret PW", "S3cret"),
]


@pytest.mark.parametrize(("dsn", "secret"), _BAD_DSNS)
async def test_unparsable_dsn_is_a_bad_answer_that_shows_nothing(dsn: str, secret: str) -> None:
    for call in (source(dsn).poll, lambda: source(dsn).verify(["SELECT 1"]),
                 lambda: source(dsn, read_only=False).promote(wait_s=1)):
        with pytest.raises(BadAnswer, match=r"invalid PostgreSQL DSN \(not shown\)") as caught:
            await call()
        assert secret not in str(caught.value)
        assert "PW" not in str(caught.value)


def test_scrub_removes_dsn_password_pairs_and_userinfo() -> None:
    dsn = "host=h password=pa%40ss"
    text = (f'bad "{dsn}" then password=other-secret and postgresql://u:p@ss@h/db '
            "and pa@ss")
    cleaned = scrub(text, dsn, "pa@ss")
    for leak in (dsn, "pa%40ss", "pa@ss", "other-secret", "u:p"):
        assert leak not in cleaned, cleaned


def test_map_error_scrubs_the_whole_dsn() -> None:
    dsn = "postgresql://u:Pw0rd@h/db"
    error = map_error("postgres/dr", psycopg.OperationalError(f'could not parse "{dsn}"'))
    assert "Pw0rd" not in str(error)


async def test_verify_refuses_multiple_statements_and_writes_nothing(
        pg_lab: PostgresLab) -> None:
    attack = ("SET default_transaction_read_only=off; "
              "UPDATE users SET email = 'owned@erlmcp.test'")
    with pytest.raises(BadAnswer, match="verification queries must be a single statement"):
        await source(pg_lab.primary_dsn, read_only=False).verify(["SELECT 1", attack])
    assert pg_lab.sql(pg_lab.primary_port,
                      "SELECT count(*) FROM users WHERE email = 'owned@erlmcp.test'") == [(0,)]


async def test_verify_accepts_one_trailing_semicolon(pg_lab: PostgresLab) -> None:
    (result,) = await source(pg_lab.primary_dsn).verify(["SELECT count(*) FROM users;"])
    assert result[1] == "300"


async def test_session_setting_cannot_unlock_the_next_query(pg_lab: PostgresLab) -> None:
    results = await source(pg_lab.primary_dsn, read_only=False).verify([
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
        "SET default_transaction_read_only = off",
        "UPDATE users SET email = email",
    ])
    assert "read-only transaction" in results[2][1], results
    assert pg_lab.sql(pg_lab.primary_port, "SELECT count(*) FROM users") == [(300,)]
