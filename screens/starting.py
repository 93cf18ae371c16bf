"""The console's first frame, drawn while the runtime is built (config, plan, sources).

It has the dashboard's shape (its header and its five panes, laid out the same way) so
nothing jumps when the dashboard replaces it, and it claims nothing: each pane says it is
loading, the banner says what is being read. Importing it loads Textual and nothing of
the console, which is what lets the console be on screen as fast as a bare Textual app.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

PANES = ("Sites", "Replication", "Backups", "Objectives", "Events")
"""The dashboard's panes, in its order (``screens.dashboard.screen``)."""
WIDE_COLUMNS = 150
"""As the dashboard's: from this width the panes sit in two columns."""
LOADING = "loading: nothing measured yet"

class StartingScreen(Screen[None]):
    """The dashboard's frame, every pane loading; replaced once the runtime is built."""

    DEFAULT_CSS: ClassVar[str] = """
    StartingScreen #starting-line {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    StartingScreen .starting-pane {
        height: auto;
        border: round $primary 60%;
        border-title-color: $primary;
        border-title-style: bold;
        padding: 0 1;
        color: $text-muted;
    }
    StartingScreen.-wide #dashboard-body {
        layout: grid;
        grid-size: 2;
        grid-columns: 3fr 2fr;
        grid-rows: auto auto 1fr;
    }
    StartingScreen.-wide #starting-events {
        column-span: 2;
        height: 1fr;
    }
    """

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width >= WIDE_COLUMNS, "-wide")
        yield Header(icon="")
        yield Static("starting: reading the config and plan, connecting to the sources · q quits",
                     id="starting-line")
        with VerticalScroll(id="dashboard-body", can_focus=False):
            for title in PANES:
                pane = Static(LOADING, classes="starting-pane",
                              id=f"starting-{title.lower()}")
                pane.border_title = title
                yield pane

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE_COLUMNS, "-wide")
