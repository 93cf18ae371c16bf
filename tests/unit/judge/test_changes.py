"""The event log's story from two judged moments: ``what: old -> new``, one line a fact."""

from __future__ import annotations

from datetime import timedelta

from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH, build_monitor
from console.config.models import Mode
from console.config.settings import Settings
from console.judge.changes import changes
from console.judge.verdicts import LiveState
from console.plan import load_plan
from services.clock import FrozenClock
from services.drill import DrillEnvironment
from services.models import Site


async def test_a_drill_failover_tells_the_outage_promotion_and_dns() -> None:
    plan = load_plan()
    clock = FrozenClock(DRILL_EPOCH)
    env = DrillEnvironment(clock, seed=0, scenario="datacenter-failure", plan=drill_plan(plan))
    monitor, _ = build_monitor(Settings(mode=Mode.DRILL, operator="t"), plan, drill=env)
    await monitor.poller.poll_once()
    steady = monitor.live()
    clock.advance(timedelta(minutes=3))  # the primary datacenter fails at T+2m
    await monitor.poller.poll_once()
    failed = monitor.live()
    lines = [c.text() for c in changes(steady, failed)]
    assert any(line.startswith("cluster/primary: answering -> not answering (unreachable")
               for line in lines)
    assert any(line.startswith("primary site: serving -> ") for line in lines)
    assert not any("BREACHED -> HTTP" in line for line in lines)

    await env.promote_postgres(Site.DR)
    await env.dns_failover()
    clock.advance(timedelta(seconds=90))  # promote 20 s, DNS after its 60 s TTL
    await monitor.poller.poll_once()
    lines = [c.text() for c in changes(failed, monitor.live())]
    assert ("PostgreSQL dr: standby (timeline 1) -> primary (timeline 2) (secondary-postgres)"
            in lines)
    assert any(line.startswith("DNS ") and ": primary -> dr" in line for line in lines)
    # An answer against an answer, never a status against one (the old "BREACHED -> HTTP")
    assert "dr health: HTTP 503 standby -> HTTP 503 unavailable" in lines
    await monitor.stop()


async def test_start_up_and_unchanged_facts_are_not_news() -> None:
    plan = load_plan()
    clock = FrozenClock(DRILL_EPOCH)
    env = DrillEnvironment(clock, seed=0, scenario="steady", plan=drill_plan(plan))
    monitor, _ = build_monitor(Settings(mode=Mode.DRILL, operator="t"), plan, drill=env)
    before = monitor.live()  # every source pending
    await monitor.poller.poll_once()
    first = monitor.live()
    assert changes(before, first) == []
    clock.advance(timedelta(seconds=5))
    await monitor.poller.poll_once()
    assert [c.text() for c in changes(first, monitor.live())] == []
    assert isinstance(first, LiveState)
    await monitor.stop()


async def test_a_silent_store_is_one_line_not_one_per_cell() -> None:
    plan = load_plan()
    clock = FrozenClock(DRILL_EPOCH)
    env = DrillEnvironment(clock, seed=0, scenario="regional-outage", plan=drill_plan(plan))
    monitor, _ = build_monitor(Settings(mode=Mode.DRILL, operator="t"), plan, drill=env)
    await monitor.poller.poll_once()
    steady = monitor.live()
    clock.advance(timedelta(minutes=3))  # the primary region's stores stop answering
    await monitor.poller.poll_once()
    found = changes(steady, monitor.live())
    cells = [c for c in found if c.subject.startswith("backup")]
    assert cells and len(cells) <= 6
    assert any(c.subject.startswith("backups, ") and " cells" in c.subject for c in cells)
    await monitor.stop()
