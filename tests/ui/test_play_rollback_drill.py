"""The rollback play runs to the end in a drill, by keys: declare, P1, F failover, wait for
the scenario's primary-recovered phase (T+45m, its databases rejoin as DR's standbys), F
rollback with the primary's name. It ends with the primary serving, DR a streaming
standby of it, no override anywhere; the journal holds every action and the drill tickets
a resumed or followed console replays."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from console.backends.drill_journal import ticket_of
from console.backends.monitor import DRILL_EPOCH
from console.journal.events import ActionConfirmed, ActionRequested, ActionSucceeded, DrillActed
from console.judge.sites import SiteState, judge_site
from console.shell.app import RecoveryConsoleApp
from screens.modals.play import PlayModal
from services.clock import FrozenClock
from services.drill import DrillEnvironment
from services.drill.scenarios import PRIMARY_RECOVERED_AT
from services.models import PostgresRole, PostgresSnapshot, RedisRole, RedisSnapshot, Site
from tests.ui.checklist_rig import SIZE, at, build, declare, session_of, settle

DR_NAME, PRIMARY_NAME = "disaster-recovery", "primary"  # the default config's names
FAILOVER, ROLLBACK = "1", "3"  # the plan's plays, in order


def _progress(app: RecoveryConsoleApp) -> str:
    screen = app.screen
    assert isinstance(screen, PlayModal)
    return str(screen.query_one("#play-progress", Static).render())


async def _play(pilot: Pilot[int], app: RecoveryConsoleApp, number: str, name: str) -> str:
    """F, the play's number, the site's name, Enter; the progress once it ended."""
    await pilot.press("F")
    await pilot.pause()
    assert isinstance(app.screen, PlayModal)
    await pilot.press(number, *name, "enter")
    await settle(pilot)
    progress = _progress(app)
    await pilot.press("escape")
    await pilot.pause()
    return progress


async def test_rollback_play_after_failover_and_recovery(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 0)
        await at(app, 3)
        await declare(pilot)
        assert session_of(app).state.severity == "P1"
        failover = await _play(pilot, app, FAILOVER, DR_NAME)
        assert failover.splitlines()[-1] == "VERIFIED", failover

        # Before the primary is back, the rollback refuses and changes nothing.
        early = await _play(pilot, app, ROLLBACK, PRIMARY_NAME)
        assert "REFUSED" in early and "standby" in early, early
        done_before = len(session_of(app).events)

        await at(app, (PRIMARY_RECOVERED_AT.total_seconds() + 180) / 60)
        rollback = await _play(pilot, app, ROLLBACK, PRIMARY_NAME)
        assert rollback.splitlines()[-1] == "VERIFIED", rollback
        assert "rollback-demote-dr: demote-site succeeded" in rollback
        assert "rollback-rebuild-dr: rebuild-standby succeeded" in rollback

        readings = app.monitor.live().readings
        now = app.monitor.clock.now()
        assert judge_site(readings, Site.PRIMARY, now).state is SiteState.SERVING
        dr_pg = readings["postgres/dr"].snapshot
        assert isinstance(dr_pg, PostgresSnapshot)
        assert dr_pg.role is PostgresRole.STANDBY and dr_pg.in_recovery
        assert dr_pg.wal_receiver_connected is True
        primary_pg = readings["postgres/primary"].snapshot
        assert isinstance(primary_pg, PostgresSnapshot)
        assert dr_pg.timeline == primary_pg.timeline == 3  # failover 2, rollback 3
        dr_redis = readings["redis/dr"].snapshot
        assert isinstance(dr_redis, RedisSnapshot) and dr_redis.role is RedisRole.REPLICA
        events = session_of(app).events
        assert app.drill is not None
        plan = app.drill.plan

    rollback_events = events[done_before:]
    asked = [e.action for e in rollback_events if isinstance(e, ActionRequested)]
    assert asked == ["demote-site", "promote-postgres", "promote-redis", "switch-site",
                     "scale-deployment", "dns-rollback", "rebuild-standby"], asked
    assert asked == [e.action for e in rollback_events if isinstance(e, ActionSucceeded)]
    assert not any(isinstance(e, ActionConfirmed) and e.override_reason for e in events)
    tickets = [e for e in events if isinstance(e, DrillActed)]
    assert {"demote-site", "rebuild-standby"} <= {t.kind for t in tickets}

    # Resume/follow rebuild the drill from the journal's tickets: the same world.
    replayed = DrillEnvironment(FrozenClock(now), seed=0, scenario="datacenter-failure",
                                plan=plan,
                                started_at=DRILL_EPOCH,
                                actions=[ticket_of(t) for t in tickets])
    assert replayed.postgres(Site.DR).in_recovery
    assert replayed.postgres(Site.PRIMARY).role is PostgresRole.PRIMARY
    assert replayed.health(Site.PRIMARY).ok
