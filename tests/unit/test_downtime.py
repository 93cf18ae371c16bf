from datetime import UTC, datetime, timedelta

from console.live.downtime import DowntimeTracker
from console.live.readings import Reading
from services.models import HealthSnapshot, Site

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def health(at: datetime, code: int | None, error: str | None = None) -> Reading[HealthSnapshot]:
    snapshot = HealthSnapshot(observed_at=at, site=Site.PRIMARY, url="http://x/v3/health",
                              status_code=code, error=error)
    return Reading(source="health/primary", snapshot=snapshot, checked_at=at)


def test_outage_starts_at_the_first_failing_reading_and_ends_when_healthy() -> None:
    tracker = DowntimeTracker()
    tracker.observe(health(T0, 200))
    assert tracker.down_since == {}
    tracker.observe(health(T0 + timedelta(minutes=1), None, "connection refused"))
    tracker.observe(health(T0 + timedelta(minutes=2), 503))
    assert tracker.down_since == {"health/primary": T0 + timedelta(minutes=1)}
    tracker.observe(health(T0 + timedelta(minutes=3), 200))
    assert tracker.down_since == {}


def test_a_stale_reading_counts_as_down_and_unwatched_sources_are_ignored() -> None:
    tracker = DowntimeTracker()
    last_good = health(T0, 200).snapshot
    tracker.observe(Reading(source="health/primary", snapshot=last_good,
                            checked_at=T0 + timedelta(seconds=30), error="timeout after 4s"))
    tracker.observe(Reading(source="backups", checked_at=T0, error="timeout after 4s"))
    assert tracker.down_since == {"health/primary": T0 + timedelta(seconds=30)}
