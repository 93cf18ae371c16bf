"""Commands that open a drill's journal later keep its time: ``comms send`` stamps on the
drill's clock (continued from the declaration), so the journal stays monotonic in drill
time, and a report on an open incident is measured to the live clock, not its last event."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.backends.drill_journal import DrillFacts
from console.backends.monitor import DRILL_EPOCH
from console.commands.comms import send_from_journal
from console.config.models import Mode
from console.config.settings import Settings
from console.incident.session import IncidentSession
from console.journal.events import CommsSent
from console.journal.read import read_journal
from console.plan.loader import load_plan
from console.reports.build import build_report
from console.reports.clock import journal_clock
from services.clock import SystemClock
from tests.unit.comms.rig import INCIDENT, DrillRig
from tests.unit.comms.servers import http_endpoint

PLAN = load_plan()
SPEED = 60.0
WRITTEN = {"health_status": "DR serving", "customer_update": "API back within the hour"}
"""What only a person can write: a message with blanks left is not sent."""


async def drill_journal(tmp_path: Path, wall_at: datetime) -> DrillRig:
    """A P1 declared in a drill at x60 whose declaration says it happened at ``wall_at``."""
    rig = DrillRig(PLAN, tmp_path)
    facts = DrillFacts("datacenter-failure", 0, SPEED, DRILL_EPOCH)
    rig.ctx = replace(rig.ctx, drill=facts, wall=lambda: wall_at)
    rig.session = IncidentSession.new(rig.ctx)
    await rig.declare("P1")
    rig.session.close()
    return rig


async def test_comms_send_stamps_the_drill_clock(tmp_path: Path) -> None:
    wall_at = datetime.now(UTC) - timedelta(minutes=2)  # two real minutes ago: 2h of drill
    rig = await drill_journal(tmp_path, wall_at)
    declared_at = rig.session.events[0].at
    assert declared_at is not None
    with http_endpoint() as web:
        settings = Settings(mode=Mode.DRILL, journal_dir=rig.journal_dir, comms={
            "send_in_drill": True, "timeout": "2s",
            "channels": [{"name": "ops-hook", "kind": "webhook", "url": web.url}]})
        text, code = await send_from_journal(settings, PLAN, INCIDENT, "recovery-update",
                                             given=WRITTEN)
    assert code == 0, text
    assert rig.session.path is not None
    events = read_journal(rig.session.path).events
    stamps = [e.at for e in events if e.at is not None]
    assert stamps == sorted(stamps)  # monotonic in drill time
    sent = next(e for e in events if isinstance(e, CommsSent))
    assert sent.at is not None
    expected = declared_at + timedelta(minutes=2) * SPEED
    assert abs(sent.at - expected) < timedelta(minutes=5)  # drill time, not real time
    assert sent.at.year == DRILL_EPOCH.year
    assert "**Current Time**: " + expected.strftime("%Y-%m-%d") in web.received[0]["body"]


async def test_an_open_report_is_measured_to_the_live_clock(tmp_path: Path) -> None:
    rig = await drill_journal(tmp_path, datetime.now(UTC) - timedelta(minutes=1))
    assert rig.session.path is not None
    read = read_journal(rig.session.path)
    clock = journal_clock(read.events, 1.0)
    assert not isinstance(clock, SystemClock)
    now = clock.now()
    last = read.events[-1].at
    assert last is not None and now - last > timedelta(minutes=30)  # the drill ran on
    report = build_report(PLAN, read, now=now)
    state_start = rig.session.state.rto_start
    assert state_start is not None
    assert report.duration == now - state_start  # not the last event's time
    assert build_report(PLAN, read).duration == last - state_start


async def test_a_resolved_report_stops_at_the_resolution(tmp_path: Path) -> None:
    rig = DrillRig(PLAN, tmp_path)
    await rig.declare("P1")
    rig.session.resolve("over", unfinished_reason="short drill")
    assert rig.session.path is not None and rig.session.state.resolved_at is not None
    read = read_journal(rig.session.path)
    later = rig.session.state.resolved_at + timedelta(days=3)
    start = rig.session.state.rto_start
    assert start is not None
    assert build_report(PLAN, read, now=later).duration == \
        rig.session.state.resolved_at - start
    assert isinstance(journal_clock([], 1.0), SystemClock)
