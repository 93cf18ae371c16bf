"""The event log's filter prompt (``/`` on the Events pane): words the lines must contain.

A one-line window rather than an input inside the pane: the dashboard keeps no widget
that is idle but for this. Enter applies what was typed (empty: every line again);
Escape leaves the filter as it was.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class EventFilterModal(ModalScreen[str | None]):
    """Returns the filter typed (``""``: none), or None when escaped."""

    DEFAULT_CSS = """
    EventFilterModal { align: center middle; }
    EventFilterModal > Vertical {
        width: 90%; max-width: 80; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    EventFilterModal .modal-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="event-filter-cancel",
                tooltip="Keep the filter as it was"),
    ]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Filter the events: words every line must contain")
            yield Input(self.current, placeholder="e.g. journal, postgres dr, backups",
                        id="event-filter-input")
            yield Static("Kinds: change, source, journal, console. Enter applies (empty: "
                         "all lines), Escape cancels.", classes="modal-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
