"""The plays window, by keys: F, a number, the site's name, Enter: the failover runs to a
verified DR with live progress; a wrong name runs nothing; a read-only console opens none."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from console.config.models import Mode
from console.journal.events import ActionRequested, ActionSucceeded
from screens.modals.play import PlayModal
from tests.ui.checklist_rig import SIZE, at, build, declare, session_of, settle

DR_NAME = "disaster-recovery"  # the default config's name of the DR site


def _progress(app: object) -> str:
    screen = app.screen
    assert isinstance(screen, PlayModal)
    return str(screen.query_one("#play-progress", Static).render())


async def test_failover_play_from_the_keyboard(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 0)
        await at(app, 3)
        await declare(pilot)
        assert session_of(app).state.severity == "P1", type(app.screen)
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, PlayModal)
        await pilot.press("1")
        await pilot.pause()
        steps = str(app.screen.query_one("#play-steps", Static).render())
        assert "Promote PostgreSQL standby on site dr" in steps
        await pilot.press(*"dr", "enter")  # not the site's name: nothing runs
        await pilot.pause()
        assert app.drill is not None and app.drill.actions == ()
        await pilot.press(*["backspace"] * 2, *DR_NAME, "enter")
        await settle(pilot)
        progress = _progress(app)
        assert progress.splitlines()[-1] == "VERIFIED", progress
        assert "failover-promote-postgres: promote-postgres succeeded" in progress
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PlayModal)
        events = session_of(app).events
    requested = [e.action for e in events if isinstance(e, ActionRequested)]
    assert requested == [e.action for e in events if isinstance(e, ActionSucceeded)]
    assert requested[:2] == ["promote-postgres", "promote-redis"]


async def test_read_only_console_opens_no_play(tmp_path: Path) -> None:
    app = build(tmp_path / "journal", mode=Mode.READ_ONLY)
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 3)
        await pilot.press("F")
        await pilot.pause()
        assert not isinstance(app.screen, PlayModal)
        assert app.drill is not None and app.drill.actions == ()


def _burst(app: object, keys: str) -> None:
    """Keys as a fast typist, a paste or tmux deliver them: all queued before any is
    handled (Pilot's press waits for each key to be processed, which hides races)."""
    from textual import events

    driver = app._driver  # type: ignore[attr-defined]
    for key in keys:
        event = events.Key(key, key)
        event.set_sender(app)  # type: ignore[arg-type]
        driver.send_message(event)
    enter = events.Key("enter", "\r")
    enter.set_sender(app)  # type: ignore[arg-type]
    driver.send_message(enter)


async def test_a_name_typed_in_a_burst_then_enter_runs_the_play(tmp_path: Path) -> None:
    """Enter must act on everything typed before it: a priority Enter binding ran before
    the field had taken the queued characters and said "type the name exactly"."""
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 0)
        await at(app, 3)
        await declare(pilot)
        await pilot.press("F")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        _burst(app, DR_NAME)
        for _ in range(100):  # the burst is handled, then the play's worker runs
            await pilot.pause(0.05)
            await settle(pilot)
            if _progress(app).endswith(("VERIFIED", "REFUSED")) or str(
                    app.screen.query_one("#play-error", Static).render()):
                break
        error = str(app.screen.query_one("#play-error", Static).render())
        assert error == "", error
        assert _progress(app).splitlines()[-1] == "VERIFIED", _progress(app)
