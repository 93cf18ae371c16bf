"""Read in full what a screen had to cut: a step's commands, an objective's evidence.

Screens keep one fact per line at 80x24 and end a long one in ``…``; this window shows
the whole text, wrapped at word boundaries and scrollable, and closes on Escape or Enter.
Its text is plain (servers' errors and plan text are never read as markup).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class TextModal(ModalScreen[None]):
    """A title, then the text; Escape or Enter closes it."""

    DEFAULT_CSS = """
    TextModal { align: center middle; }
    TextModal > VerticalScroll {
        width: 90%; max-width: 140; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    TextModal .modal-title { text-style: bold; }
    TextModal .modal-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="text-close", tooltip="Back"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content(self.title_text), classes="modal-title")
            yield Static(Content(self.text), id="text-body")
            yield Static("Escape or Enter to close", classes="modal-hint")

    def action_close(self) -> None:
        self.dismiss(None)
