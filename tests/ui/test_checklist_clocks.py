"""RTO clocks run from the disruption: the first failure observed, or the operator's time.

The datacenter-failure drill loses the primary at T+2m; the console polls every minute,
the operator declares at T+5m. The declare dialog proposes 02:02:00 (health/primary); the
checklist's RTO budget then counts from there, not from the declaration.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from console.backends.monitor import DRILL_EPOCH
from console.incident.disruption import OPERATOR
from console.shell.app import RecoveryConsoleApp
from screens.modals.declare import DeclareModal
from tests.ui.checklist_rig import SIZE, at, build, session_of, settle


def _text(app: RecoveryConsoleApp, selector: str) -> str:
    return str(app.checklist.query_one(selector, Static).render())


async def _open_declare(pilot: Pilot[int], app: RecoveryConsoleApp) -> DeclareModal:
    for minute in range(6):  # polled every minute up to T+5m, as a running console would
        await at(app, minute)
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, DeclareModal)
    return app.screen


async def test_rto_clocks_count_from_the_first_failure_observed(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        modal = await _open_declare(pilot, app)
        assert modal.query_one("#disruption-input", Input).value == "02:02:00"
        hint = str(modal.query_one("#disruption-hint", Static).render())
        assert "first failure observed: health/primary at 02:02:00" in hint
        await pilot.press(*"primary datacenter lost", "enter")  # the proposal as it stands
        await pilot.pause()
        await pilot.press("enter")  # P1
        await settle(pilot)
        state = session_of(app).state
        assert state.disruption_at == DRILL_EPOCH + timedelta(minutes=2)
        assert state.disruption_source == "health/primary"
        assert state.declared_at == DRILL_EPOCH + timedelta(minutes=5)
        await at(app, 10)
        # app-services (30m): 30 - (10 - 2) = 22m left; from the declaration it would be 25m.
        assert "RTO Critical Application Services (30m): 22m left" in _text(app, "#step-rto")
        header = _text(app, "#incident-line")
        assert "T+0:05:00 down 0:08:00" in header


async def test_the_operator_gives_an_earlier_disruption(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await _open_declare(pilot, app)
        await pilot.press(*"dc lost", "tab", "ctrl+u")  # clear the proposal
        await pilot.press(*"01:58:30", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        state = session_of(app).state
        assert state.disruption_at == DRILL_EPOCH - timedelta(seconds=90)
        assert state.disruption_source == OPERATOR
        await at(app, 10)
        assert "RTO Critical Application Services (30m): 18m30s left" in _text(app, "#step-rto")
        # The objectives count from the same start as the checklist.
        row = next(o for o in app.monitor.objectives() if o.id == "app-services")
        assert "for 11m30s" in row.evidence, row.evidence


async def test_a_disruption_after_now_is_refused_in_place(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        modal = await _open_declare(pilot, app)
        await pilot.press(*"dc lost", "tab", "ctrl+u", *"2026-01-01 02:30", "enter")
        await pilot.pause()
        assert app.screen is modal and app.session is None
        assert "later than now" in str(modal.query_one("#reason-error", Static).render())
