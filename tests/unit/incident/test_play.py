"""Plays on the drill: the failover runs to a verified DR, refuses before any change when
a precondition or a data gate says no, stops at the first failure with the plan's alert,
and a read-only console runs none."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from console.actions import Confirmation, DrillOperations, PlannedAction
from console.actions.policy import ActionPolicy
from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.models import Mode
from console.incident.context import SessionContext
from console.incident.play import PlayRefused, run_play
from console.incident.session import IncidentSession
from console.journal.events import ActionRequested, ActionSucceeded, Note
from console.live.poller import Poller
from console.plan import load_plan
from services.clock import FrozenClock
from services.drill import DrillEnvironment, drill_sources
from services.models import Site

PLAN = load_plan()
POLICY = ActionPolicy(site_names={Site.PRIMARY: "eu-central", Site.DR: "eu-west"})


class Rig:
    def __init__(self, tmp: Path, scenario: str, mode: Mode = Mode.DRILL) -> None:
        self.clock = FrozenClock(DRILL_EPOCH)
        self.env = DrillEnvironment(self.clock, scenario=scenario, plan=drill_plan(PLAN))
        self.poller = Poller(drill_sources(self.env), lambda _: 5.0, 4.0, self.clock,
                             lambda _: None)
        self.ctx = SessionContext(PLAN, mode, self.clock, "alice", tmp / "journal",
                                  readings=lambda: self.poller.latest,
                                  operations=DrillOperations(self.env), sleep=self.sleep,
                                  policy=POLICY)
        self.lines: list[str] = []

    async def sleep(self, seconds: float) -> None:  # drill time passes, the console polls
        self.clock.advance(timedelta(seconds=seconds))
        await self.poller.poll_once()

    async def at(self, minutes: float) -> None:
        self.clock.set(DRILL_EPOCH + timedelta(minutes=minutes))
        await self.poller.poll_once()

    def session(self) -> IncidentSession:
        session = IncidentSession.new(self.ctx)
        session.declare("play test", incident_id="INC-PLAY")
        return session


def confirm(site: str | None, reason: str | None = None) -> Any:
    async def answer(planned: PlannedAction) -> Confirmation:
        return Confirmation(confirmed=True, typed_site=site, override_reason=reason)
    return answer


async def test_failover_play_runs_to_a_verified_dr(tmp_path: Path) -> None:
    rig = Rig(tmp_path, "datacenter-failure")
    await rig.at(0)
    await rig.at(3)
    session = rig.session()
    result = await run_play(session, PLAN.play("failover"), confirm("eu-west"),
                            progress=rig.lines.append)
    assert result.verified, (result.reason, rig.lines)
    assert result.steps_done == list(PLAN.play("failover").steps)
    kinds = [t.kind.value for t in rig.env.actions]
    assert kinds[:2] == ["promote-postgres", "promote-redis"]
    assert {"switch-site", "scale", "dns-failover"} <= set(kinds)
    requested = [e.action for e in session.events if isinstance(e, ActionRequested)]
    succeeded = [e.action for e in session.events if isinstance(e, ActionSucceeded)]
    assert requested == succeeded  # every action journaled with its result
    assert any(isinstance(e, Note) and e.text.startswith("play failover verified")
               for e in session.events)
    assert rig.lines[-1].startswith("verified: dr serving")


async def test_failover_refused_while_the_primary_is_healthy(tmp_path: Path) -> None:
    rig = Rig(tmp_path, "steady")
    await rig.at(0)
    session = rig.session()
    with pytest.raises(PlayRefused, match="precondition: the primary site answers healthy"):
        await run_play(session, PLAN.play("failover"), confirm("eu-west"))
    assert rig.env.actions == ()


async def test_a_blocking_data_gate_refuses_before_any_change(tmp_path: Path) -> None:
    rig = Rig(tmp_path, "datacenter-failure")
    await rig.at(3)  # the console never saw the primary: exposure cannot be measured
    session = rig.session()
    with pytest.raises(PlayRefused, match="data-loss exposure unknown"):
        await run_play(session, PLAN.play("failover"), confirm("eu-west"))
    assert rig.env.actions == ()
    why = "primary site lost; fenced at the load balancer"
    result = await run_play(session, PLAN.play("failover"), confirm("eu-west", why),
                            override_reason=why)
    assert result.verified, result.reason


async def test_the_play_stops_at_the_first_failure_with_the_alert(tmp_path: Path) -> None:
    rig = Rig(tmp_path, "datacenter-failure")
    await rig.at(0)
    await rig.at(3)
    session = rig.session()
    result = await run_play(session, PLAN.play("failover"), confirm("dr"),  # wrong name
                            progress=rig.lines.append)
    assert not result.verified and result.stopped_at == "failover-promote-postgres"
    assert "the site name was not typed" in result.reason
    assert rig.lines[-1].startswith("ALERT Failover failed: play failover stopped at "
                                    "failover-promote-postgres")
    assert rig.env.actions == ()


async def test_read_only_runs_no_play(tmp_path: Path) -> None:
    rig = Rig(tmp_path, "datacenter-failure")
    await rig.at(0)
    writer = rig.session()
    path = writer.path
    writer.close()
    assert path is not None
    watcher = IncidentSession.resume(replace(rig.ctx, mode=Mode.READ_ONLY), path)
    for play in PLAN.plays:
        with pytest.raises(PlayRefused, match="read-only"):
            await run_play(watcher, play, confirm("eu-west", "x"))
    assert rig.env.actions == ()
    assert asyncio.get_running_loop() is not None
