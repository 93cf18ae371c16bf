"""``recovery-console rollback`` on a drill journal: the TUI declared the drill incident and
ran the failover play (keys); the headless command carries the same drill on (rebuilt from
the journal: scenario, seed, speed, simulated time, the failover's tickets), runs the
rollback play in the same incident and journals its drill tickets there."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.models import DrillSettings, Mode
from console.config.settings import Settings
from console.journal.events import ActionSucceeded, DrillActed
from console.journal.read import read_journal
from console.shell.app import RecoveryConsoleApp, make_app
from screens.modals.play import PlayModal
from services.clock import FrozenClock
from services.drill import DrillEnvironment
from tests.conftest import CliResult
from tests.ui.checklist_rig import PLAN, SIZE, answer, at, declare, frozen, settle

SPEED = 60.0


def _app(journal_dir: Path) -> RecoveryConsoleApp:
    settings = Settings(mode=Mode.DRILL, operator="test-operator", journal_dir=journal_dir,
                        drill=DrillSettings(scenario="datacenter-failure", speed=SPEED))
    drill = DrillEnvironment(FrozenClock(DRILL_EPOCH), seed=0, scenario="datacenter-failure",
                             plan=drill_plan(PLAN), started_at=DRILL_EPOCH)
    app = make_app(settings, PLAN, drill=drill, autostart=False)

    async def drill_sleep(seconds: float) -> None:
        frozen(app).advance(timedelta(seconds=seconds))
        await app.monitor.poller.poll_once()

    app.context = replace(app.context, sleep=drill_sleep)
    return app


async def test_headless_rollback_carries_on_the_tui_drill(
        tmp_path: Path, run_cli: object, isolated_environment: Path) -> None:
    journal_dir = tmp_path / "journal"
    app = _app(journal_dir)
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 0)  # the console saw the primary before it went down
        await at(app, 3)
        await declare(pilot)
        await pilot.press("F", "1", *"disaster-recovery", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayModal)
        said = str(app.screen.query_one("#play-progress", Static).render())
        assert said.splitlines()[-1] == "VERIFIED", said
        await pilot.press("escape")
        await at(app, 48)  # the primary site is back (T+45m) and has rejoined
        await pilot.press("n")
        await answer(pilot, "primary datacenter back, rejoined as standby")
    journals = sorted(journal_dir.glob("*.jsonl"))
    assert len(journals) == 1
    before = len(read_journal(journals[0]).events)

    config = tmp_path / "config.toml"
    config.write_text(f'mode = "drill"\njournal_dir = "{journal_dir}"\n', encoding="utf-8")
    assert callable(run_cli)
    # The command runs its own event loop, as from a shell: off this test's loop.
    result = await asyncio.to_thread(run_cli, "--config", str(config), "rollback",
                                     "--confirm", "primary")
    assert isinstance(result, CliResult)
    assert result.code == 0, result.out + result.err
    assert "rollback verified in" in result.out

    assert sorted(journal_dir.glob("*.jsonl")) == journals  # the same incident, carried on
    events = read_journal(journals[0]).events[before:]
    called = [e.action for e in events if isinstance(e, ActionSucceeded)]
    assert called == ["demote-site", "promote-postgres", "promote-redis", "switch-site",
                      "scale-deployment", "dns-rollback", "rebuild-standby"], called
    kinds = [e.kind for e in events if isinstance(e, DrillActed)]
    assert kinds[0] == "demote-site" and kinds[-1] == "rebuild-standby", kinds
