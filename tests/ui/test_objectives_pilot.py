"""Keyboard behaviour of the first screen, driven through Textual's Pilot."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import DataTable, Static

from console.config.models import Mode
from screens.modals.help import HelpModal
from screens.widgets.mode_banner import ModeBanner


async def test_tables_hold_every_objective_row(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        rto = app.screen.query_one("#rto-table", DataTable)
        rpo = app.screen.query_one("#rpo-table", DataTable)
        sla = app.screen.query_one("#sla-table", DataTable)
        assert (rto.row_count, rpo.row_count, sla.row_count) == (5, 5, 5)
        assert [str(c) for c in rto.get_row_at(0)[:2]] == ["Critical Application Services", "30m"]
        assert str(sla.get_row_at(0)[1]) == "99.99%"


async def test_tab_moves_between_tables(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "rto-table"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "rpo-table"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "sla-table"


async def test_t_cycles_the_three_themes(build_app) -> None:
    app = build_app()
    async with app.run_test() as pilot:
        assert app.theme == "rc-dark"
        await pilot.press("t")
        assert app.theme == "rc-light"
        await pilot.press("t")
        assert app.theme == "rc-high-contrast"
        await pilot.press("t")
        assert app.theme == "rc-dark"


def _text(static: Static) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


async def test_question_mark_toggles_help(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        keys = _text(app.screen.query_one("#help-keys", Static))
        assert "Objectives" in keys and "Checklist" in keys
        legend = _text(app.screen.query_one("#help-legend", Static))
        for shown in ("n/c", "RET 2h", "✓ ✗ ?", "2/2 deploys ready", "[!]"):
            assert shown in legend, shown
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpModal)


async def test_banner_names_the_mode(build_app) -> None:
    app = build_app(mode=Mode.READ_ONLY)
    async with app.run_test():
        banner = app.screen.query_one(ModeBanner)
        assert "READ-ONLY" in str(banner.render())
        assert banner.has_class("-read-only")


async def test_q_quits(build_app) -> None:
    app = build_app()
    async with app.run_test() as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running
