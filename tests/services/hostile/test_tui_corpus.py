"""The TUI on hostile servers, driven with keys: the screen shows the hostile words as
plain text (markup literal, escapes gone) and never an escape or control character."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

from textual.widgets import DataTable

from console.config.bootstrap import load_all
from console.shell.app import make_app
from screens.modals.details import DetailsScreen
from tests.services.hostile.test_status_corpus import assert_terminal_safe

SOURCES = {"health/primary", "health/dr", "cluster/primary", "postgres/primary", "redis/dr"}


def _screen_text(svg: str) -> str:
    """The characters an exported screen shows (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def test_dashboard_and_details_show_hostile_text_inertly(hostile_config: Path) -> None:
    loaded = load_all(hostile_config)
    app = make_app(loaded.settings, loaded.plan, autostart=True)
    async with app.run_test(size=(160, 48)) as pilot:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            await pilot.pause(0.2)
            live = app.live
            polled = {name for name, r in (live.readings if live else {}).items()
                      if r.checked_at is not None}
            if polled >= SOURCES:
                break
        else:
            raise AssertionError("the sources were never polled")
        await pilot.pause(0.3)
        svg = app.export_screenshot()
        assert "\x1b" not in svg
        shown = _screen_text(svg)
        assert_terminal_safe(shown.replace("\n", ""))
        assert "PWNEDok" in shown
        assert "[bold red]x[/]" in shown  # markup in the DR health answer, as sent
        await pilot.press("enter")  # the primary site's details: pods and warning events
        await pilot.pause(0.3)
        assert isinstance(app.screen, DetailsScreen)
        pods = app.screen.query_one("#details-pods", DataTable)
        cells = [str(c) for i in range(pods.row_count) for c in pods.get_row_at(i)]
        assert "web-[bold red]x[/] [@click=app.quit]quit[/]" in cells
        for cell in cells:
            assert_terminal_safe(cell)
        details = app.export_screenshot()
        assert "\x1b" not in details
        assert "web-[bold red]x[/]" in _screen_text(details)
