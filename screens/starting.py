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

from screens.layout import WIDE_COLUMNS

PANES = ("Sites", "Replication", "Backups", "Objectives", "Events")
"""The dashboard's panes, in its order (``screens.dashboard.screen``)."""
LOADING = "loading: nothing measured yet"

class StartingScreen(Screen[None]):
    """The dashboard's frame, every pane loading; replaced once the runtime is built.
    Its grid and pane borders are the dashboard's own rules (``themes/dashboard.tcss``)."""

    DEFAULT_CSS: ClassVar[str] = """
    StartingScreen #starting-line {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    StartingScreen .starting-pane {
        color: $text-muted;
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
