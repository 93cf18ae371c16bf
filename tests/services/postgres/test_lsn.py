"""LSN text <-> byte position, checked against the server's own ``pg_lsn`` arithmetic."""

from __future__ import annotations

import pytest

from console.lab.postgres_lab import PostgresLab
from services.postgres.lsn import int_to_lsn, lsn_to_int


def test_the_issue_s_positions() -> None:
    assert lsn_to_int("0/32001D8") == 0x32001D8
    assert lsn_to_int("0/4000000") - lsn_to_int("0/32001D8") == 14_679_592  # ~14 MB lost
    assert lsn_to_int("1/0") == 1 << 32
    assert lsn_to_int("FFFFFFFF/FFFFFFFF") == (1 << 64) - 1
    assert lsn_to_int("0/32001d8") == lsn_to_int(" 0/32001D8 ")


@pytest.mark.parametrize("text", ["", "0", "0/", "/0", "0x0/1", "0/1/2", "-1/0", "G/0",
                                  "123456789/0", "0/123456789", "0 /1", "½/1", "0/1;"])
def test_garbage_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a PostgreSQL LSN"):
        lsn_to_int(text)


@pytest.mark.parametrize("position", [-1, 1 << 64, True, 1.0])
def test_impossible_positions_are_refused(position: object) -> None:
    with pytest.raises(ValueError, match="not a WAL position"):
        int_to_lsn(position)  # type: ignore[arg-type]


def test_round_trip_matches_the_server(pg_lab: PostgresLab) -> None:
    samples = [0, 1, 0x32001D8, (1 << 32) - 1, 1 << 32, 0x16_0000_00FF, (1 << 64) - 1]
    for position in samples:
        text = int_to_lsn(position)
        assert lsn_to_int(text) == position
        server = pg_lab.sql(pg_lab.primary_port,
                            f"SELECT '{text}'::pg_lsn::text, "
                            f"pg_wal_lsn_diff('{text}'::pg_lsn, '0/0')::numeric::text")
        assert server == [(text, str(position))]
