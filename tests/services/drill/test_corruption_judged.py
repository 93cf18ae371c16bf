"""The database-corruption drill, polled as the console polls it and judged: the corrupt,
crash-looping primary is not writable, the database RTO measures the outage from the
first failing poll, and the runbook's restore (restore-postgres from s3-region-2) makes
it writable again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from console.judge.model import ObjectiveStatus, Status
from console.judge.objectives import evaluate
from console.judge.sites import SiteState, judge_site
from console.live.downtime import DowntimeTracker
from console.live.readings import Reading
from console.plan import load_plan
from services.clock import FrozenClock
from services.drill import DrillEnvironment, drill_sources
from services.models import Site
from services.sources import SourceError
from tests.services.drill.conftest import START, MakeEnv

STEP = timedelta(seconds=15)


class Console:
    """The poller's part that matters here: latest readings and the downtime tracker."""

    def __init__(self, env: DrillEnvironment, clock: FrozenClock) -> None:
        self.env, self.clock = env, clock
        self.readings: dict[str, Reading[Any]] = {}
        self.tracker = DowntimeTracker()

    async def poll_until(self, offset: timedelta) -> None:
        """Poll every source every 15 s of drill time up to ``START + offset``."""
        while True:
            for source in drill_sources(self.env):
                known = self.readings.get(source.name)
                try:
                    reading = Reading(source=source.name, snapshot=await source.poll(),
                                      checked_at=self.clock.now())
                except SourceError as exc:
                    reading = Reading(source=source.name, checked_at=self.clock.now(),
                                      snapshot=known.snapshot if known else None,
                                      error=str(exc))
                self.readings[source.name] = reading
                self.tracker.observe(reading)
            if self.clock.now() >= START + offset:
                return
            self.clock.set(min(START + offset, self.clock.now() + STEP))

    def database_rto(self) -> ObjectiveStatus:
        rows = evaluate(load_plan(), self.readings, self.clock.now(),
                        down_since=self.tracker.down_since)
        return next(r for r in rows if (r.kind, r.id) == ("rto", "database"))


async def test_the_corrupt_primary_is_down_until_the_restore_completes(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    console = Console(make_env("database-corruption"), clock)
    await console.poll_until(timedelta(minutes=2, seconds=45))
    assert console.database_rto().status is Status.MET

    await console.poll_until(timedelta(minutes=10))
    database = console.database_rto()
    assert database.status is Status.AT_RISK
    assert database.evidence.startswith("postgres writable nowhere: primary failing (ERROR: "
                                        "invalid page in block 48213")
    assert database.evidence.endswith("dr read-only; down for 7m < RTO 4h")
    primary = judge_site(console.readings, Site.PRIMARY, clock.now())
    assert primary.state is SiteState.NOT_SERVING and primary.postgres_writable is False
    assert primary.parts["postgres"].text.startswith("FAILING · primary")

    ticket = await console.env.restore("postgres-full", "s3-region-2")
    assert ticket.site is Site.PRIMARY
    await console.poll_until(timedelta(minutes=13, seconds=45))
    assert console.database_rto().status is Status.AT_RISK  # restore still running
    await console.poll_until(timedelta(minutes=14))
    database = console.database_rto()
    assert (database.status, database.evidence) == (
        Status.MET, "postgres writable on primary (primary-postgres)")
    assert "postgres/primary" not in console.tracker.down_since
    assert judge_site(console.readings, Site.PRIMARY, clock.now()).postgres_writable is True
