"""A restore's progress reaches the checklist while it runs, not only its final output.

The drill's database-corruption tabletop, driven by keys: declare P3, go to PostgreSQL
Recovery, run "Restore database", type the site. The drill's restore is held in flight
(its simulated work waits for the test), so the screen is looked at *during* the call:
the progress line is there, the app still answers keys, and the line goes once the
action ends.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from console.journal.read import read_journal
from screens.modals.confirm import ConfirmActionModal
from screens.widgets.action_progress import ActionProgress
from tests.ui.checklist_rig import SIZE, at, build, declare, session_of, settle

STEP = "pg-restore-database"


async def test_a_restore_shows_its_progress_on_screen_while_it_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = build(tmp_path / "journal", scenario="database-corruption")
    assert app.drill is not None
    release = asyncio.Event()
    simulated = app.drill.restore

    async def held(component: str, target: str) -> Any:
        await release.wait()  # the restore is in flight until the test has looked
        return await simulated(component, target)

    monkeypatch.setattr(app.drill, "restore", held)
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 3)
        await declare(pilot, "database corrupted", severity_downs=2)  # P3: local recovery
        await pilot.press("right_square_bracket")
        await pilot.pause()
        for _ in range(5):
            if app.checklist.selected_step_id() == STEP:
                break
            await pilot.press("down")
            await pilot.pause()
        assert app.checklist.selected_step_id() == STEP
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmActionModal)
        await pilot.press(*app.screen.planned.site_name, "enter")
        await pilot.pause()
        await pilot.pause()
        bars = list(app.checklist.query(ActionProgress))
        assert len(bars) == 1, "no progress line while the restore runs"
        assert bars[0].last == "simulated: fetching the newest postgres-full backup from " \
                               "s3-region-2"
        assert session_of(app).running_action == STEP
        await pilot.press("down")  # the app answers keys while the restore runs
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert not list(app.checklist.query(ActionProgress))  # gone with the action
        path = session_of(app).path
    assert path is not None
    succeeded = [e for e in read_journal(path).events if e.type == "action-succeeded"]
    assert [e.action for e in succeeded] == ["restore-postgres"]
