"""The comms screen (m), driven by keys: one ctrl+s is one message even when it is pressed
again while the first is in flight (a loopback webhook holds its answer until the test
lets it go), and a draft left untouched is filled again when the journal grew while the
operator was elsewhere, so a notification step's own line is there; an edited draft
keeps the operator's words and says it is older than the journal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea

from console.journal.events import ActionFailed, CommsDrafted, CommsSent
from console.journal.read import read_journal
from console.plan.actions import SendNotification
from console.plan.model import Plan
from console.shell.app import RecoveryConsoleApp
from screens.modals.confirm import ConfirmActionModal
from tests.ui.checklist_rig import PLAN, at, declare, session_of, settle
from tests.ui.people_rig import build_people
from tests.unit.comms.rig import console_written
from tests.unit.comms.servers import http_endpoint

NOTIFY_STEP = "notify-incident-commander"
STEP_LINE = "Incident commander paged"
OPERATOR = "Written by the operator. "


def _hook(url: str) -> dict[str, object]:
    return {"send_in_drill": True, "timeout": "20s", "retries": 0,
            "channels": [{"name": "ops-hook", "kind": "webhook", "url": url}]}


def _status(app: RecoveryConsoleApp) -> str:
    return str(app.screen.query_one("#comms-status", Static).render())


def _editor(app: RecoveryConsoleApp) -> str:
    return app.screen.query_one(TextArea).text


async def _until(pilot: Pilot[int], done: Callable[[], bool]) -> None:
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("never happened")


async def test_ctrl_s_while_a_send_is_in_flight_sends_nothing_more(tmp_path: Path) -> None:
    with http_endpoint("hold") as hook:
        app = build_people(tmp_path, _hook(hook.url), console_written(PLAN))
        async with app.run_test(size=(160, 48)) as pilot:
            await at(app, 3)
            await declare(pilot)
            await pilot.press("m")
            await pilot.pause()
            assert app.screen is app.comms
            assert _editor(app).startswith("# Incident Notification")
            await pilot.press("ctrl+s")
            await _until(pilot, lambda: len(hook.received) == 1)  # held at the far end
            await pilot.press("ctrl+s")
            await pilot.pause()
            notices = [n.message for n in app._notifications]
            assert "sending Incident Notification... wait for its outcome" in notices
            hook.release.set()
            await settle(pilot)
            assert "ops-hook: sent" in _status(app)
            path = session_of(app).path
        assert len(hook.received) == 1
    assert path is not None
    events = read_journal(path).events
    assert len([e for e in events if isinstance(e, CommsDrafted)]) == 1
    assert len([e for e in events if isinstance(e, CommsSent)]) == 1


def _with_step_line(plan: Plan) -> Plan:
    """``plan`` whose incident-commander step sends its template with its own line."""
    phases = []
    for phase in plan.runbook.phases:
        steps = tuple(s.model_copy(update={"action": SendNotification(
            kind="send-notification", template="incident-notification", message=STEP_LINE)})
            if s.id == NOTIFY_STEP else s for s in phase.steps)
        phases.append(phase.model_copy(update={"steps": steps}))
    runbook = plan.runbook.model_copy(update={"phases": tuple(phases)})
    return plan.model_copy(update={"runbook": runbook})


async def test_back_on_m_untouched_drafts_are_current_and_edits_kept(
        tmp_path: Path) -> None:
    with http_endpoint() as hook:
        app = build_people(tmp_path, _hook(hook.url), _with_step_line(PLAN))
        async with app.run_test(size=(160, 48)) as pilot:
            await at(app, 3)
            await declare(pilot)
            await pilot.press("m")
            await pilot.pause()
            assert _editor(app).startswith("# Incident Notification")
            assert STEP_LINE not in _editor(app)
            await pilot.press("down", "tab", *OPERATOR, "escape")  # edit the second draft
            await pilot.pause()
            edited = _editor(app)
            assert edited.startswith(OPERATOR)

            await pilot.press("c", *["down"] * 4)
            await pilot.pause()
            assert app.checklist.selected_step_id() == NOTIFY_STEP
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmActionModal)
            await pilot.press("enter")
            await settle(pilot)  # refused: a blank (customer impact) is left
            assert isinstance(session_of(app).events[-1], ActionFailed)

            await pilot.press("m")
            await pilot.pause()
            assert app.screen is app.comms
            assert _editor(app) == edited  # the operator's words, as left
            assert "older than the journal" in _status(app)
            assert app.screen.query_one(OptionList).has_focus
            await pilot.press("up")
            await pilot.pause()
            lines = _editor(app).splitlines()
            assert lines[0].startswith("# Incident Notification")
            assert lines[2] == STEP_LINE  # under the heading, as the step sends it
            assert "older than the journal" not in _status(app)
        assert hook.received == []
