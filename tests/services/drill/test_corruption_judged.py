"""The database-corruption drill, polled as the console polls it and judged: the corrupt,
crash-looping primary is not writable, the database RTO measures the outage from the
first failing poll, and the runbook's restore (restore-postgres from s3-region-2) makes
it writable again. What a failover loses is what was in flight when it crashed, however
long ago that was."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from console.judge.failover import postgres_data_loss
from console.judge.model import ObjectiveStatus, Status
from console.judge.objectives import evaluate
from console.judge.sites import SiteState, judge_site
from console.judge.verdicts import judge_all
from console.live.downtime import DowntimeTracker
from console.live.poller import Poller
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


async def test_a_failover_loses_what_was_in_flight_at_the_crash_not_minutes(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    """Through the console's own poller (it tracks when the primary's position last
    advanced): the corrupt primary stopped writing at T+3m, so at T+10m and T+30m a
    failover loses the 49 KiB in flight then, not 7m (27m) of writes. RPO Database and
    SLA Database are AT RISK (receiver DOWN), not BREACHED; the data-loss gate says so too."""
    poller = Poller(drill_sources(make_env("database-corruption")), lambda _: 15.0, 4.0,
                    clock, lambda _: None)
    for minutes in (10, 30):
        while clock.now() < START + timedelta(minutes=minutes):
            await poller.poll_once()
            clock.set(clock.now() + STEP)
        await poller.poll_once()
        verdicts = judge_all(load_plan(), dict(poller.latest), clock.now())
        rpo, sla = verdicts.objective("rpo", "database"), verdicts.objective("sla", "database")
        assert rpo is not None and sla is not None
        assert (rpo.status, rpo.evidence) == (
            Status.AT_RISK, "failover loses 49.0 KiB in flight <= RPO 5m · receiver DOWN")
        assert verdicts.postgres.exposure_s is not None and verdicts.postgres.exposure_s < 1
        assert sla.status is Status.AT_RISK and "RPO database at risk" in sla.evidence
        gate = postgres_data_loss(poller.latest, clock.now(), Site.DR, 1 << 20,
                                  timedelta(minutes=5))
        assert gate.holds is True and gate.message.endswith(
            "failover loses ~49.0 KiB in flight; RPO 5m")
