"""The checklist under trouble: an action in flight, a journal that fails, a follow error.

None of them may take the TUI down or lose what happened: a second action is refused (the
first keeps running), a journal error is a notification naming the file, and a watcher
whose journal turns bad says so and keeps trying.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

from console.actions import DrillOperations
from console.config.models import Mode
from console.journal.read import read_journal
from console.shell.app import RecoveryConsoleApp
from screens.modals.confirm import ConfirmActionModal
from services.drill import DrillEnvironment
from tests.ui.checklist_rig import SIZE, at, build, declare, session_of, settle

NOTIFY_STEP = "notify-incident-commander"


class SlowOps(DrillOperations):
    """A notification that takes as long as the test says: an action still in flight."""

    def __init__(self, env: DrillEnvironment) -> None:
        super().__init__(env)
        self.release = asyncio.Event()

    async def notify(self, template: str, message: str) -> str:
        await self.release.wait()
        return await super().notify(template, message)


def _messages(app: RecoveryConsoleApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _to_notify_step(app: RecoveryConsoleApp, pilot: Pilot[int]) -> None:
    await at(app, 3)
    await declare(pilot)
    session = session_of(app)
    for step in ("check-system-status", "check-connectivity", "check-alerts",
                 "confirm-incident"):
        session.complete_step(step, override_reason="tabletop")
    app.checklist.refresh_view()
    await pilot.pause()
    assert app.checklist.selected_step_id() == NOTIFY_STEP


async def test_a_second_action_key_does_not_cancel_the_one_in_flight(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    assert app.drill is not None
    ops = SlowOps(app.drill)
    app.context = replace(app.context, operations=ops)
    async with app.run_test(size=SIZE) as pilot:
        await _to_notify_step(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmActionModal)
        await pilot.press("enter")
        await pilot.pause()
        assert session_of(app).running_action == NOTIFY_STEP
        await pilot.press("a")  # again, while the call is in flight
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmActionModal)
        assert any("already running: notify-incident-commander" in m for m in _messages(app))
        ops.release.set()
        await settle(pilot)
        assert app.is_running
        path = session_of(app).path
    assert path is not None
    types = [e.type for e in read_journal(path).events]
    assert types[-3:] == ["action-requested", "action-confirmed", "action-succeeded"]
    assert "action-failed" not in types


async def test_a_journal_write_error_is_a_notification_not_a_crash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 3)
        await declare(pilot)
        path = session_of(app).path

        def no_space(fd: int) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", no_space)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("space")  # the journal is closed now: refused the same way
        await settle(pilot)
        monkeypatch.undo()
        assert app.is_running
        messages = _messages(app)
        assert any(f"{path}: event NOT recorded" in m and "No space left" in m
                   for m in messages)
        assert any(f"{path}: journal is closed" in m for m in messages)


async def test_a_journal_error_during_an_action_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await _to_notify_step(app, pilot)

        def no_space(fd: int) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", no_space)  # ActionRequested cannot be journaled
        await pilot.press("a")
        await settle(pilot)
        monkeypatch.undo()
        assert app.is_running
        assert session_of(app).running_action is None
        assert any("event NOT recorded" in m for m in _messages(app))


async def test_a_follow_error_is_reported_and_following_retries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RecoveryConsoleApp, "FOLLOW_RETRY_S", (0.05, 0.05, 0.05))
    journal_dir = tmp_path / "journal"
    writer_app = build(journal_dir)
    async with writer_app.run_test(size=SIZE) as pilot:
        await at(writer_app, 3)
        await declare(pilot)
        path = session_of(writer_app).path
    assert path is not None
    good = path.read_bytes()
    watcher = build(journal_dir, mode=Mode.READ_ONLY, follow=path)
    async with watcher.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with path.open("ab") as handle:
            handle.write(b'{"not": "an event"}\n')
        for _ in range(40):
            await pilot.pause(0.1)
            if any("following stopped for good" in m for m in _messages(watcher)):
                break
        messages = _messages(watcher)
        assert watcher.is_running
        assert any(m.startswith("following stopped: ") and "not a journal event" in m
                   for m in messages)
        assert any("following stopped for good" in m for m in messages)
    assert path.read_bytes().startswith(good)
