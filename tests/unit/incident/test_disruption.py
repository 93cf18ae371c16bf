"""The disruption time: proposed from the first failure observed, typed by the operator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.incident.disruption import (
    OPERATOR,
    Disruption,
    chosen,
    first_failure,
    format_moment,
    parse_moment,
)
from console.live.readings import Reading
from services.models import DnsSnapshot, Site

NOW = datetime(2026, 1, 1, 2, 30, 15, tzinfo=UTC)


def _dns(site: Site) -> Reading[DnsSnapshot]:
    snap = DnsSnapshot(observed_at=NOW, record="api", points_at=site)
    return Reading(source="dns", snapshot=snap, checked_at=NOW)


def test_the_first_failure_of_the_serving_site_is_proposed() -> None:
    down = {"health/dr": NOW - timedelta(hours=1),  # a standby answers 503: not a disruption
            "postgres/primary": NOW - timedelta(minutes=9),
            "health/primary": NOW - timedelta(minutes=10)}
    found = first_failure(down, {"dns": _dns(Site.PRIMARY)})
    assert found == Disruption(NOW - timedelta(minutes=10), "health/primary")
    after_failover = first_failure(down, {"dns": _dns(Site.DR)})
    assert after_failover == Disruption(NOW - timedelta(hours=1), "health/dr")
    assert first_failure({}, {}) is None
    assert first_failure({"health/dr": NOW}, {}) is None  # DNS unknown: the primary serves


def test_typed_times_are_utc_and_never_later_than_now() -> None:
    assert parse_moment("02:14", NOW) == datetime(2026, 1, 1, 2, 14, tzinfo=UTC)
    assert parse_moment(" 02:14:05 ", NOW) == datetime(2026, 1, 1, 2, 14, 5, tzinfo=UTC)
    # A time of day after now is yesterday's.
    assert parse_moment("23:50", NOW) == datetime(2025, 12, 31, 23, 50, tzinfo=UTC)
    assert parse_moment("2025-12-31 23:50:00", NOW) == datetime(2025, 12, 31, 23, 50,
                                                                  tzinfo=UTC)
    with pytest.raises(ValueError, match="later than now"):
        parse_moment("2026-01-01T03:00:00Z", NOW)
    with pytest.raises(ValueError, match="not a time"):
        parse_moment("soon", NOW)
    with pytest.raises(ValueError, match="not a time"):
        parse_moment("25:00", NOW)


def test_the_proposal_round_trips_and_keeps_its_source() -> None:
    proposed = Disruption(NOW - timedelta(minutes=16, microseconds=300), "health/primary")
    text = format_moment(proposed.at, NOW)
    assert text == "02:14:14"
    assert chosen(text, proposed, NOW) == proposed  # exact, microseconds and source kept
    edited = chosen("02:10", proposed, NOW)
    assert edited == Disruption(datetime(2026, 1, 1, 2, 10, tzinfo=UTC), OPERATOR)
    assert chosen("  ", proposed, NOW) is None
    yesterday = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    assert parse_moment(format_moment(yesterday, NOW), NOW) == yesterday
