"""The database-corruption drill on screen: the corrupt, crash-looping primary PostgreSQL is
drawn FAILING (never WRITABLE) on its site card, and the Objectives screen counts the
database outage (RTO Database Services AT RISK) until a restore."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.widgets import DataTable

from console.shell.app import RecoveryConsoleApp
from screens.dashboard.site_card import SiteCard
from screens.style import Level
from tests.ui.conftest import replay


async def test_a_corrupt_primary_is_failing_on_its_card_and_in_the_objectives(
        build_app: Callable[..., RecoveryConsoleApp]) -> None:
    app = build_app(scenario="database-corruption")
    async with app.run_test(size=(160, 48)) as pilot:
        await replay(app, timedelta(minutes=10))
        await pilot.pause()
        primary = app.get_screen("dashboard").query_one("#site-primary", SiteCard)
        postgres = primary.line("postgres")
        assert postgres.text.startswith("postgres FAILING · primary · tl 1 · ERROR: invalid")
        assert postgres.level is Level.BREACHED and not postgres.has_look("writable")
        assert "postgres failing" in primary.line("reason").text
        await pilot.press("o")
        await pilot.pause()
        rto = app.screen.query_one("#rto-table", DataTable)
        row = [str(cell) for cell in rto.get_row("database")]
        assert row[:3] == ["Database Services", "4h", "AT RISK"], row
        assert row[3].startswith("postgres writable nowhere: primary failing (ERROR: invalid")
        assert row[3].endswith("down for 7m < RTO 4h"), row[3]
