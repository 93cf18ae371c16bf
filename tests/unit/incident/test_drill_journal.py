"""What a drill journals, and how resume and follow rebuild the drill from it.

Old journals (written before the disruption time, the drill's seed/speed/epoch and the
drill's action tickets were journaled) must still read and fold.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.backends.drill_journal import (
    DrillFacts,
    drill_from_journal,
    rejoin,
    simulated_now,
    ticket_event,
    ticket_of,
)
from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.models import Mode
from console.config.settings import Settings
from console.errors import InputError
from console.incident.fold import fold
from console.journal.events import Declared, DrillActed, Note
from console.journal.read import read_journal
from console.journal.write import Journal
from console.plan.model import Plan
from services.clock import FrozenClock
from services.drill import ActionKind, DrillClock, DrillEnvironment
from services.models import Site
from tests.unit.incident.builders import DEFAULT_PLAN

WALL = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
"""Real time of the declaration in these journals."""
OLD_DECLARED = (
    '{"seq":1,"at":"2026-01-01T02:05:00Z","operator":"alice","type":"declared",'
    '"incident_id":"INC-OLD","title":"old drill","drill":true,'
    '"scenario":"datacenter-failure","plan_id":"erlmcp-v3"}\n')
"""A declaration as journals wrote it before this change."""


def _drill_journal(tmp_path: Path, *, speed: float = 60.0, scenario: str = "datacenter-failure",
                   seed: int = 7) -> Path:
    clock = FrozenClock(DRILL_EPOCH + timedelta(minutes=3))
    facts = DrillFacts(scenario, seed, speed, DRILL_EPOCH)
    with Journal.create(tmp_path / "journal", "INC-D", clock, "alice") as journal:
        journal.append(Declared.model_validate({
            "incident_id": "INC-D", "title": "dc lost", "drill": True, "scenario": scenario,
            "disruption_at": DRILL_EPOCH + timedelta(minutes=2),
            "disruption_source": "health/primary", **facts.declared_fields(WALL)}))
        return journal.path


def _plan() -> Plan:
    return DEFAULT_PLAN


def test_an_old_declaration_still_reads_and_folds(tmp_path: Path, plan: Plan) -> None:
    path = tmp_path / "INC-OLD.jsonl"
    path.write_text(OLD_DECLARED, encoding="utf-8")
    (event,) = read_journal(path).events
    assert isinstance(event, Declared) and event.seed is None and event.wall_at is None
    state = fold(plan, [event])
    assert state.disruption_at is None and state.rto_start == event.at


async def test_drill_tickets_round_trip_through_the_journal(tmp_path: Path) -> None:
    clock = FrozenClock(DRILL_EPOCH + timedelta(minutes=5))
    env = DrillEnvironment(clock, scenario="datacenter-failure", plan=drill_plan(_plan()),
                           started_at=DRILL_EPOCH)
    recorded: list[DrillActed] = []
    env.on_action(lambda ticket: recorded.append(ticket_event(ticket)))
    await env.promote_postgres(Site.DR)
    await env.scale(Site.DR, "erlmcp", "erlmcp", 3)
    assert [ticket_of(e) for e in recorded] == list(env.actions)
    assert recorded[0].kind == ActionKind.PROMOTE_POSTGRES and recorded[0].site == "dr"


def test_the_drill_clock_continues_from_the_declaration_at_its_speed(tmp_path: Path) -> None:
    path = _drill_journal(tmp_path, speed=60.0)
    events = read_journal(path).events
    declared_at = DRILL_EPOCH + timedelta(minutes=3)
    assert simulated_now(events, 60.0, WALL + timedelta(seconds=10)) == \
        declared_at + timedelta(minutes=10)
    # Never before the journal's last event, whatever the wall clock says.
    note_at = DRILL_EPOCH + timedelta(hours=5)
    later = [*events, Note(seq=2, at=note_at, text="x")]
    assert simulated_now(later, 60.0, WALL) == note_at


def test_resume_rebuilds_the_journaled_drill(tmp_path: Path) -> None:
    path = _drill_journal(tmp_path, speed=60.0, seed=7)
    settings = Settings(mode=Mode.INCIDENT, journal_dir=tmp_path / "journal")
    rebuilt = drill_from_journal(settings, _plan(), path, wall_now=WALL + timedelta(minutes=1))
    assert rebuilt is not None
    resumed, env = rebuilt
    assert resumed.mode is Mode.DRILL
    assert (resumed.drill.scenario, resumed.drill.seed, resumed.drill.speed) == (
        "datacenter-failure", 7, 60.0)
    assert (env.scenario.name, env.seed, env.started_at) == ("datacenter-failure", 7,
                                                             DRILL_EPOCH)
    assert isinstance(env.clock, DrillClock) and env.clock.speed == 60.0
    expected = DRILL_EPOCH + timedelta(minutes=3) + timedelta(hours=1)  # 1 real min at x60
    assert abs(env.clock.now() - expected) < timedelta(seconds=30)
    follower = drill_from_journal(settings.model_copy(update={"mode": Mode.READ_ONLY}),
                                  _plan(), path, wall_now=WALL)
    assert follower is not None and follower[0].mode is Mode.READ_ONLY
    assert follower[1].read_only


def test_journaled_actions_are_replayed_into_the_rebuilt_drill(tmp_path: Path) -> None:
    path = _drill_journal(tmp_path)
    with Journal.open(path, FrozenClock(DRILL_EPOCH + timedelta(minutes=4)), "alice") as journal:
        promote = DrillActed(kind="promote-postgres", site="dr",
                             requested_at=DRILL_EPOCH + timedelta(minutes=4),
                             completes_at=DRILL_EPOCH + timedelta(minutes=4, seconds=20))
        journal.append(promote)
    rebuilt = drill_from_journal(Settings(), _plan(), path, wall_now=WALL + timedelta(minutes=1))
    assert rebuilt is not None
    env = rebuilt[1]
    assert env.actions == (ticket_of(promote),)
    assert env.world().pg_is_primary(Site.DR)  # the DR standby is promoted, as it was


def test_a_real_incident_is_not_a_drill_and_an_unknown_scenario_is_bad_input(
        tmp_path: Path) -> None:
    real = tmp_path / "INC-R.jsonl"
    real.write_text(OLD_DECLARED.replace('"drill":true', '"drill":false'), encoding="utf-8")
    assert drill_from_journal(Settings(), _plan(), real) is None
    path = _drill_journal(tmp_path, scenario="steady")
    text = path.read_text(encoding="utf-8").replace('"steady"', '"meteor"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="meteor"):
        drill_from_journal(Settings(), _plan(), path)


def test_a_running_drill_rejoins_only_its_own_journal(tmp_path: Path) -> None:
    path = _drill_journal(tmp_path, speed=1.0, seed=7)
    events = read_journal(path).events
    clock = FrozenClock(DRILL_EPOCH)
    other = DrillEnvironment(clock, 8, "datacenter-failure", plan=drill_plan(_plan()))
    refused = rejoin(other, 1.0, events, wall_now=WALL)
    assert refused is not None and "seed 7" in refused and "seed 8" in refused
    same = DrillEnvironment(clock, 7, "datacenter-failure", plan=drill_plan(_plan()))
    assert rejoin(same, 1.0, events, wall_now=WALL + timedelta(minutes=2)) is None
    assert clock.now() == DRILL_EPOCH + timedelta(minutes=5)  # declared at 3m, 2 min ago
