"""The span of writes a failover loses ends when the primary's position last advanced: it
does not grow while nobody writes (a crashed or corrupt primary, one gone dark, one an
earlier console recorded), and grows as before while the primary writes. Polled through
the real poller on a frozen clock, judged by the one link verdict the gates use too."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.judge.failover import postgres_data_loss
from console.judge.model import Status
from console.judge.replication import LinkVerdict, postgres_link
from console.live import last_seen
from console.live.last_seen import FILE_NAME, LastSeenRecorder
from console.live.poller import Poller
from services.clock import FrozenClock
from services.models import PostgresRole, PostgresSnapshot, Site, Snapshot
from services.postgres.lsn import int_to_lsn
from services.sources import Unreachable

CUT = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
"""The standby's receiver is cut here; the primary is at ``BASE`` then."""
BASE, LACKING = 0x9000000, 49 * 1024
RPO, STEP = timedelta(minutes=5), timedelta(seconds=15)


class Primary:
    """A PostgreSQL primary writing ``per_poll`` bytes between polls until ``stops``
    (then it answers, not moving), or dark from ``dark``."""

    name = "postgres/primary"

    def __init__(self, clock: FrozenClock, stops: datetime | None = None,
                 dark: datetime | None = None) -> None:
        self.clock, self.stops, self.dark, self.lsn = clock, stops, dark, BASE

    async def poll(self) -> Snapshot:
        now = self.clock.now()
        if self.dark is not None and now >= self.dark:
            raise Unreachable("connection refused")
        if now > CUT and (self.stops is None or now <= self.stops):
            self.lsn += LACKING // 8
        return PostgresSnapshot(observed_at=now, site=Site.PRIMARY, node="pg-primary",
                                role=PostgresRole.PRIMARY, in_recovery=False, timeline=1,
                                current_lsn=int_to_lsn(self.lsn))


class Standby:
    """The DR standby, receiver down since ``CUT``: its newest commit ages with the clock."""

    name = "postgres/dr"

    def __init__(self, clock: FrozenClock) -> None:
        self.clock = clock

    async def poll(self) -> Snapshot:
        now = self.clock.now()
        return PostgresSnapshot(observed_at=now, site=Site.DR, node="pg-dr",
                                role=PostgresRole.STANDBY, in_recovery=True, timeline=1,
                                receive_lsn=int_to_lsn(BASE), replay_lsn=int_to_lsn(BASE),
                                wal_receiver_connected=False,
                                lag_s=(now - CUT).total_seconds())


def poller(clock: FrozenClock, primary: Primary | None = None) -> Poller:
    return Poller([primary or Primary(clock), Standby(clock)], lambda _: 60.0, 1.0, clock,
                  lambda _: None)


def judged_at(poll: Poller, clock: FrozenClock, at: timedelta) -> LinkVerdict:
    """Poll every 15 s up to ``CUT + at``, as a running console does; the link then."""
    while clock.now() < CUT + at:
        clock.set(min(CUT + at, clock.now() + STEP))
        asyncio.run(poll.poll_once())
    return postgres_link(poll.latest, clock.now(), RPO)


def test_a_primary_that_stopped_writing_loses_a_span_that_stays_fixed() -> None:
    clock = FrozenClock(CUT)
    poll = poller(clock, Primary(clock, stops=CUT + timedelta(minutes=2)))
    spans = [judged_at(poll, clock, timedelta(minutes=m)) for m in (3, 10, 60)]
    assert {link.exposure_s for link in spans} == {120.0}
    assert {link.reason for link in spans} == {
        "failover loses 49.0 KiB / 2m of writes <= RPO 5m · receiver DOWN"}
    assert spans[-1].status is Status.AT_RISK  # receiver DOWN, as before; not BREACHED
    gate = postgres_data_loss(poll.latest, clock.now(), Site.DR, 1 << 20, RPO)
    assert gate.holds is True and "loses ~49.0 KiB / 2m of writes; RPO 5m" in gate.message


def test_a_primary_still_writing_loses_a_span_that_grows_as_before() -> None:
    clock = FrozenClock(CUT)
    poll = poller(clock)
    assert judged_at(poll, clock, timedelta(minutes=3)).exposure_s == 180.0
    link = judged_at(poll, clock, timedelta(minutes=10))
    assert link.exposure_s == 600.0 and link.status is Status.BREACHED
    assert link.reason.endswith("/ 10m of writes > RPO 5m · receiver DOWN")


def test_a_primary_gone_dark_loses_at_least_what_it_wrote_until_last_seen() -> None:
    clock = FrozenClock(CUT)
    poll = poller(clock, Primary(clock, dark=CUT + timedelta(minutes=2, seconds=10)))
    for minutes in (5, 30):  # last answered at CUT + 2m, having just written
        link = judged_at(poll, clock, timedelta(minutes=minutes))
        assert link.exposure_s == 120.0 and link.status is Status.AT_RISK
        assert link.reason.startswith("failover loses at least 49.0 KiB / 2m of writes")
        assert f"(postgres/primary last seen {minutes - 2}m ago)" in link.reason


def test_a_recorded_position_keeps_its_span_in_a_console_started_later(
        tmp_path: Path) -> None:
    """An earlier incident console recorded the primary (idle since CUT + 2m) until it
    went dark; a console started 20 minutes later is seeded from the file."""
    clock = FrozenClock(CUT)
    earlier = poller(clock, Primary(clock, stops=CUT + timedelta(minutes=2),
                                    dark=CUT + timedelta(minutes=4)))
    judged_at(earlier, clock, timedelta(minutes=3, seconds=45))
    reading = earlier.latest["postgres/primary"]
    LastSeenRecorder(tmp_path, {}).observe(reading.snapshot, reading.advanced_at)
    for at, held in ((timedelta(minutes=6), True), (timedelta(minutes=20), False)):
        later_clock = FrozenClock(CUT + at)
        later = poller(later_clock, Primary(later_clock, dark=CUT))
        for site, seen in last_seen.load(tmp_path, later_clock.now()).items():
            later.remember(f"postgres/{site}", seen.snapshot, seen.advanced_at)
        asyncio.run(later.poll_once())
        link = postgres_link(later.latest, later_clock.now(), RPO)
        assert link.exposure_s == 120.0 and link.primary_position_recorded
        gate = postgres_data_loss(later.latest, later_clock.now(), Site.DR, 1 << 20, RPO)
        # Past the RPO the recorded position's *age* still blocks (what it wrote after it
        # was recorded is unknown); the span it states is the fixed one either way.
        assert gate.holds is held and "loses at least ~49.0 KiB / 2m of writes" in \
            gate.message


def test_a_last_seen_file_without_advanced_at_reads_as_before(tmp_path: Path) -> None:
    """Written before the field existed: the span runs to now, as it did."""
    (tmp_path / FILE_NAME).write_text(json.dumps({"postgres": {"primary": {
        "node": "pg-primary", "timeline": 1, "current_lsn": int_to_lsn(BASE + LACKING),
        "observed_at": (CUT + timedelta(minutes=2)).isoformat()}}}))
    for minutes in (4, 9):
        clock = FrozenClock(CUT + timedelta(minutes=minutes))
        later = poller(clock, Primary(clock, dark=CUT))
        seen = last_seen.load(tmp_path, clock.now())[Site.PRIMARY]
        assert seen.advanced_at is None
        later.remember("postgres/primary", seen.snapshot, seen.advanced_at)
        asyncio.run(later.poll_once())
        link = postgres_link(later.latest, clock.now(), RPO)
        assert link.exposure_s == minutes * 60.0 and link.exposure_bytes == LACKING


def test_an_advance_recorded_after_its_observation_is_not_believed(tmp_path: Path) -> None:
    seen_at = CUT + timedelta(minutes=2)
    (tmp_path / FILE_NAME).write_text(json.dumps({"postgres": {"primary": {
        "node": "pg-primary", "timeline": 1, "current_lsn": int_to_lsn(BASE),
        "observed_at": seen_at.isoformat(),
        "advanced_at": (seen_at + timedelta(seconds=1)).isoformat()}}}))
    assert last_seen.load(tmp_path, CUT + timedelta(hours=1))[Site.PRIMARY].advanced_at \
        is None
