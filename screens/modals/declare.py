"""Declaring an incident: its title, and when service was disrupted (RTO clocks start there).

The disruption field comes filled with the first failure the console observed, so Enter
after the title accepts it; the operator may type an earlier time (an alert that fired
before the console was opened) or clear it (the clocks then run from the declaration).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from console.incident.disruption import Disruption, chosen, format_moment


@dataclass(frozen=True)
class Declaration:
    title: str
    disruption: Disruption | None


class DeclareModal(ModalScreen[Declaration | None]):
    """Ask for the title (required) and the disruption time; dismisses with both or None."""

    DEFAULT_CSS = """
    DeclareModal { align: center middle; }
    DeclareModal > Vertical {
        width: 72; height: auto; max-height: 90%; border: round $primary;
        background: $surface; padding: 0 1;
    }
    DeclareModal .modal-title { text-style: bold; }
    DeclareModal .modal-hint { color: $text-muted; }
    DeclareModal .modal-error { color: $error; }
    DeclareModal Input > .input--placeholder { color: $text-muted; text-style: italic; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="modal-cancel", tooltip="Change nothing"),
    ]

    def __init__(self, drill: bool, now: datetime, observed: Disruption | None) -> None:
        super().__init__()
        self.kind = "drill" if drill else "incident"
        self.now = now
        self.observed = observed

    def compose(self) -> ComposeResult:
        proposed = "" if self.observed is None else format_moment(self.observed.at, self.now)
        if self.observed is None:
            hint = "no failure observed yet: blank runs the RTO clocks from the declaration"
        else:
            hint = f"first failure observed: {self.observed.source} at {proposed}"
        with Vertical():
            yield Static(Content(f"Declare a new {self.kind}"), classes="modal-title")
            yield Static("Title (required): what is happening, in a few words; it names "
                         "the journal.")
            yield Input(placeholder="required, e.g. primary datacenter unreachable",
                        id="reason-input")
            yield Static("Disruption at (optional; UTC, HH:MM[:SS] or a date and time): the "
                         "RTO clocks run from it; blank: from the declaration.")
            yield Input(value=proposed, placeholder="HH:MM:SS", id="disruption-input")
            yield Static(Content(hint), id="disruption-hint", classes="modal-hint")
            yield Static("Enter to confirm, Tab for the next field, Escape to cancel",
                         classes="modal-hint")
            yield Static("", id="reason-error", classes="modal-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#reason-error", Static)
        title = self.query_one("#reason-input", Input).value.strip()
        if not title:
            error.update("A title is required: type what is happening, then Enter.")
            self.query_one("#reason-input", Input).focus()
            return
        text = self.query_one("#disruption-input", Input).value
        try:
            disruption = chosen(text, self.observed, self.now)
        except ValueError as exc:
            error.update(Content(str(exc)))
            self.query_one("#disruption-input", Input).focus()
            return
        self.dismiss(Declaration(title, disruption))

    def action_cancel(self) -> None:
        self.dismiss(None)
