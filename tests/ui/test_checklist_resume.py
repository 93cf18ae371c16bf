"""Resume and follow: a restarted console is the same incident, clocks included."""

from __future__ import annotations

from pathlib import Path

from console.backends.monitor import DRILL_EPOCH
from console.config.models import Mode
from console.incident.session import IncidentSession
from screens.modals.resume import ResumeModal
from services.clock import FrozenClock
from tests.ui.checklist_rig import SIZE, at, build, declare, session_of, settle


async def test_restart_resumes_state_clocks_and_selected_step(tmp_path: Path) -> None:
    journal_dir = tmp_path / "journal"
    clock = FrozenClock(DRILL_EPOCH)
    first = build(journal_dir, clock=clock)
    async with first.run_test(size=SIZE) as pilot:
        await at(first, 3)
        await declare(pilot)
        for minute in (5, 8, 12):
            await at(first, minute)
            await pilot.press("space")
        await settle(pilot)
        state, clocks = session_of(first).state, session_of(first).clocks()
        selected = first.checklist.selected_step_id()
    assert selected == "confirm-incident"
    second = build(journal_dir, clock=clock)  # same journal dir, same clock
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, ResumeModal)
        await pilot.press("r")
        await settle(pilot)
        assert session_of(second).state == state
        assert session_of(second).clocks() == clocks
        assert second.screen is second.checklist
        assert second.checklist.selected_step_id() == selected


async def test_follower_shows_what_another_console_appends(tmp_path: Path) -> None:
    journal_dir = tmp_path / "journal"
    writer_app = build(journal_dir)
    async with writer_app.run_test(size=SIZE) as pilot:
        await at(writer_app, 3)
        await declare(pilot)
        path = session_of(writer_app).path
    assert path is not None
    writer = IncidentSession.resume(writer_app.context, path)
    watcher = build(journal_dir, mode=Mode.READ_ONLY, follow=path)
    async with watcher.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert session_of(watcher).state.next_step == "check-system-status"
        writer.complete_step("check-system-status")
        for _ in range(40):  # the follower polls the file every half second
            await pilot.pause(0.1)
            if session_of(watcher).state.next_step == "check-connectivity":
                break
        assert session_of(watcher).state == writer.state
        assert watcher.checklist.selected_step_id() == "check-connectivity"
    writer.close()
