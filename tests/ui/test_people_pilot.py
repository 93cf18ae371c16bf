"""People and paper, driven by keys: a contact name from the config is shown as typed (a
``str`` cell would be parsed as markup), and while a runbook notification hangs on a
channel that accepts and never answers, keys still act; the failure is journaled after
the timeout."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, Static

from console.journal.events import ActionFailed, CommsFailed
from console.journal.read import read_journal
from console.shell.app import RecoveryConsoleApp
from screens.contacts.screen import ContactsScreen
from screens.modals.confirm import ConfirmActionModal
from tests.ui.checklist_rig import PLAN, at, declare, session_of, settle
from tests.ui.people_rig import HOSTILE, build_people
from tests.unit.comms.rig import console_written

NOTIFY_STEP = "notify-incident-commander"


@contextmanager
def silent_listener() -> Iterator[int]:
    """A loopback TCP port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        server.close()


def _screen(app: RecoveryConsoleApp) -> object:
    """The screen on top now (a call, so mypy does not carry a narrowing across keys)."""
    return app.screen


def _call_now(app: RecoveryConsoleApp) -> str:
    screen = app.screen
    assert isinstance(screen, ContactsScreen)
    content = screen.query_one("#call-now", Static).render()
    return str(content)


async def test_a_hostile_contact_name_is_shown_not_obeyed(tmp_path: Path) -> None:
    app = build_people(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("p")
        await settle(pilot)
        table = app.screen.query_one("#contacts", DataTable)
        row = next(table.get_row_at(i) for i in range(table.row_count)
                   if str(table.get_row_at(i)[0]) == "DBA")
        assert isinstance(row[1], Text) and row[1].plain == HOSTILE
        assert not row[1].spans  # no style came out of the brackets


async def test_keys_act_while_a_channel_hangs(tmp_path: Path) -> None:
    with silent_listener() as port:
        comms = {"send_in_drill": True, "timeout": "3s", "retries": 1, "backoff_s": 0.2,
                 "channels": [{"name": "hung-hook", "kind": "webhook",
                               "url": f"http://127.0.0.1:{port}/hook/SECRET-TOKEN-9"}]}
        # A message the console fills alone: one with blanks would not be sent at all.
        app = build_people(tmp_path, comms, console_written(PLAN))
        async with app.run_test(size=(80, 24)) as pilot:
            await at(app, 3)
            await declare(pilot)
            await pilot.press(*["down"] * 4)
            await pilot.pause()
            assert app.checklist.selected_step_id() == NOTIFY_STEP
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(_screen(app), ConfirmActionModal)
            started = time.monotonic()
            await pilot.press("enter")
            await pilot.pause()
            session = session_of(app)
            assert session.running_action == NOTIFY_STEP  # the send is in flight

            await pilot.press("p")  # keys act while it hangs
            await pilot.pause()
            assert isinstance(_screen(app), ContactsScreen)
            assert "Call now (P1" in _call_now(app) and HOSTILE in _call_now(app)
            await pilot.press("m")
            await pilot.pause()
            assert _screen(app) is app.comms
            # Still in flight: a send that blocked the loop would have ended before the keys.
            assert session.running_action == NOTIFY_STEP

            await pilot.press("c")
            await settle(pilot)  # the worker ends: both attempts timed out
            elapsed = time.monotonic() - started
            assert session.running_action is None
            path = session.path
    assert path is not None
    assert 6.0 <= elapsed < 20  # 2 attempts of 3 s and a 0.2 s backoff, then given up
    events = read_journal(path).events
    failed = [e for e in events if isinstance(e, CommsFailed)]
    assert len(failed) == 1 and failed[0].channel == "hung-hook"
    assert failed[0].error == "no answer within 3s (after 2 attempts)"
    last = events[-1]
    assert isinstance(last, ActionFailed) and last.step == NOTIFY_STEP
    assert "hung-hook (webhook): no answer within 3s" in last.error
    assert "SECRET-TOKEN" not in path.read_text()
