"""The Backups pane's verified / failed / unverified marks, the reasons on Enter, and the
maintenance calendar screen with the banner's overdue count (Pilot and snapshots)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import DataTable

from screens.dashboard.backups import BackupsPane
from screens.modals.backup_cell import BackupCellScreen
from screens.style import Level
from screens.widgets.mode_banner import ModeBanner
from screens.widgets.state_line import StateLine
from screens.widgets.state_lines import Line
from tests.ui.backups_trust_fixtures import CORRUPT, MaintenanceHarness, verified_world
from tests.ui.test_dashboard_fixtures import DashboardHarness, harness


def _cell(app: DashboardHarness, component: str, target: str) -> Line:
    return app.dashboard.query_one(BackupsPane).grid.cell(component, target)


async def test_cells_show_verified_failed_and_unverified_and_enter_says_why() -> None:
    app = harness(verified_world())
    async with app.run_test(size=(160, 48)) as pilot:
        corrupt = _cell(app, "postgres-full", "nas")
        assert (corrupt.text, corrupt.level) == ("BAD 7h✗", Level.BREACHED)
        good = _cell(app, "logs-archive", "s3-region-1")
        assert (good.text, good.level) == ("ok 7h✓", Level.OK)
        newer = _cell(app, "redis-rdb", "s3-region-2")
        assert (newer.text, newer.level) == ("ok 23m?", Level.OK)
        tape = _cell(app, "postgres-full", "tape")
        assert (tape.text, tape.level) == ("ok 20h", Level.OK)  # from the handover
        status = app.dashboard.query_one("#backups-status", StateLine)
        assert "✓ verified ✗ failed ? unverified" in status.text
        pane = app.dashboard.query_one(BackupsPane)
        assert pane.grid.cursor is None  # no cursor drawn until the pane has focus
        await pilot.press("tab", "tab", "tab")
        assert app.focused is pane
        assert pane.grid.cursor == ("postgres-full", "s3-region-1")
        await pilot.press("right", "right", "right")
        assert pane.grid.cursor == ("postgres-full", "azure-region-2")
        await pilot.press("right", "enter")
        assert isinstance(app.screen, BackupCellScreen)
        assert app.screen.query_one("#backup-cell-status", StateLine).level is Level.BREACHED
        trust = app.screen.query_one("#backup-cell-trust", StateLine)
        assert trust.text.startswith("FAILED ✗: verification 1h ago failed: ")
        assert CORRUPT in trust.text
        await pilot.press("escape")
        assert app.screen_stack[-1] is app.dashboard  # the modal closed
        await pilot.press("down", "down", "down", "left", "left", "left", "enter")
        assert isinstance(app.screen, BackupCellScreen)
        assert (app.screen.component, app.screen.target) == ("redis-rdb", "s3-region-2")
        trust = app.screen.query_one("#backup-cell-trust", StateLine)
        assert trust.level is Level.AT_RISK
        assert "newest redis-rdb-20250314T0200Z.bak not verified yet" in trust.text


async def test_maintenance_screen_lists_overdue_first_and_the_banner_counts_them() -> None:
    app = MaintenanceHarness(verified_world())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        summary = app.screen.query_one("#maintenance-summary", StateLine)
        assert summary.level is Level.BREACHED and summary.text.startswith("OVERDUE ")
        table = app.screen.query_one("#maintenance-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        states = [r[0] for r in rows]
        assert states == sorted(states, key=["OVERDUE", "DUE", "DONE"].index)
        by_title = {r[2]: r for r in rows}
        assert by_title["Verify backup integrity"][0] == "DONE"
        assert by_title["Verify backup integrity"][3].startswith("next due in 23h")
        plan_update = next(r for r in rows if r[4] == "reviewed in Q2")
        assert plan_update[0] == "OVERDUE"
        overdue = states.count("OVERDUE")
        assert f"{overdue} overdue" in summary.text
        banner = app.screen.query_one(ModeBanner)
        assert f"! {overdue} MAINTENANCE OVERDUE (u)" in str(banner.render())


def test_pane_with_verification_marks(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(harness(verified_world()), terminal_size=(160, 48))


def test_backup_cell_reasons(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(harness(verified_world()), terminal_size=(100, 30),
                        press=["tab", "tab", "tab", "right", "right", "right", "right",
                               "enter"])


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_maintenance_screen(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    assert snap_compare(MaintenanceHarness(verified_world()), terminal_size=size)
