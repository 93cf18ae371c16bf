"""Read-only: the checklist is visible, every change key explains why nothing happens,
and the journal is not touched."""

from __future__ import annotations

from pathlib import Path

from console.config.models import Mode
from console.incident.session import READ_ONLY_REASON
from tests.ui.checklist_rig import PLAN, SIZE, at, build, declare, session_of


async def test_change_keys_refuse_and_journal_is_unchanged(tmp_path: Path) -> None:
    journal_dir = tmp_path / "journal"
    writer = build(journal_dir)
    async with writer.run_test(size=SIZE) as pilot:
        await at(writer, 3)
        await declare(pilot)
        path = session_of(writer).path
    assert path is not None
    before = path.read_bytes()
    app = build(journal_dir, mode=Mode.READ_ONLY, follow=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen is app.checklist
        assert app.checklist.selected_step_id() == "check-system-status"
        for key in ("space", "enter", "s", "f", "n", "a", "R", "i"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is app.checklist, key  # no modal opened
        messages = [n.message for n in app._notifications]
        assert len(messages) == 8
        assert all(READ_ONLY_REASON in m for m in messages)
    assert path.read_bytes() == before


async def test_copy_key_puts_the_command_on_the_clipboard(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 3)
        await declare(pilot)
        commands = PLAN.phase("assessment").steps[0].commands
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == commands[0]
        await pilot.press("x", "y")  # x marks the next command
        await pilot.pause()
        assert app.clipboard == commands[1] != commands[0]
