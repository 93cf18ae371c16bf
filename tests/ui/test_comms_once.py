"""The runbook's notification step and the comms screen follow one rule, driven by keys:
the step with a ``[TO FILL: ...]`` blank sends nothing and says where to fill it (m); the
operator fills it there and sends (ctrl+s); ctrl+s again sends nothing more; running the
step again (a) completes it without a second message. Asserted on what a real loopback
webhook received and on the journal."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from console.journal.events import ActionFailed, ActionSucceeded, CommsSent
from console.journal.read import read_journal
from console.shell.app import RecoveryConsoleApp
from screens.modals.confirm import ConfirmActionModal
from tests.ui.checklist_rig import at, declare, session_of, settle
from tests.ui.people_rig import build_people
from tests.unit.comms.servers import http_endpoint

NOTIFY_STEP = "notify-incident-commander"
IMPACT = "[TO FILL: customer impact]"
WRITTEN = "EU customers cannot log in"


def _messages(app: RecoveryConsoleApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _run_step(app: RecoveryConsoleApp, pilot: Pilot[int]) -> None:
    assert app.checklist.selected_step_id() == NOTIFY_STEP
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmActionModal)
    await pilot.press("enter")
    await settle(pilot)


async def _fill_the_blank(app: RecoveryConsoleApp, pilot: Pilot[int]) -> None:
    """In the editor: down to the blank's line, select it, type over it."""
    await pilot.press("tab")
    await pilot.pause()
    editor = app.screen.query_one(TextArea)
    assert editor.has_focus
    lines = editor.text.splitlines()
    assert lines[0].startswith("# Incident Notification") and IMPACT in lines
    await pilot.press(*["down"] * lines.index(IMPACT), "home", "shift+end", *WRITTEN)
    await pilot.pause()
    assert IMPACT not in editor.text and WRITTEN in editor.text


async def test_the_step_waits_for_the_blanks_and_the_message_goes_once(
        tmp_path: Path) -> None:
    with http_endpoint() as hook:
        comms = {"send_in_drill": True, "timeout": "2s", "retries": 0,
                 "channels": [{"name": "ops-hook", "kind": "webhook", "url": hook.url}]}
        app = build_people(tmp_path, comms)
        async with app.run_test(size=(160, 48)) as pilot:
            await at(app, 3)
            await declare(pilot)
            await pilot.press(*["down"] * 4)
            await pilot.pause()
            await _run_step(app, pilot)
            assert hook.received == []
            refusal = next(m for m in _messages(app) if "blank" in m)
            assert "1 blank to fill (customer impact)" in refusal
            assert "comms screen (m)" in refusal

            await pilot.press("m")
            await pilot.pause()
            assert app.screen is app.comms
            await _fill_the_blank(app, pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert len(hook.received) == 1
            await pilot.press("ctrl+s")  # the same message: not again
            await settle(pilot)
            assert len(hook.received) == 1
            status = str(app.screen.query_one("#comms-status", Static).render())
            assert "already sent to ops-hook at" in status and "not sent again" in status

            await pilot.press("escape", "c")
            await pilot.pause()
            assert app.screen is app.checklist
            await _run_step(app, pilot)
            await _run_step(app, pilot)
            path = session_of(app).path
        assert len(hook.received) == 1
    assert WRITTEN in hook.received[0]["body"]
    assert any("already sent to ops-hook at" in m and "not sent again" in m
               for m in _messages(app))
    assert path is not None
    events = read_journal(path).events
    assert len([e for e in events if isinstance(e, CommsSent)]) == 1
    results = [e for e in events if isinstance(e, ActionFailed | ActionSucceeded)
               and e.step == NOTIFY_STEP]
    assert [type(e) for e in results] == [ActionFailed, ActionSucceeded, ActionSucceeded]
    assert isinstance(results[0], ActionFailed) and "customer impact" in results[0].error
    assert isinstance(results[1], ActionSucceeded)
    assert "not sent again" in results[1].output
