"""A one-line text prompt: reasons to skip, fail or override, notes, summaries, titles.

Required prompts refuse an empty answer in place (the session would refuse it too, but
saying so while the operator is still typing is kinder than a failed action).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class ReasonModal(ModalScreen[str | None]):
    """Ask for one line of text; dismisses with it, or None on Escape."""

    DEFAULT_CSS = """
    ReasonModal { align: center middle; }
    ReasonModal > Vertical {
        width: 72; height: auto; max-height: 90%; border: round $primary;
        background: $surface; padding: 0 1;
    }
    ReasonModal .modal-title { text-style: bold; }
    ReasonModal .modal-hint { color: $text-muted; }
    ReasonModal .modal-error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="modal-cancel", tooltip="Change nothing"),
    ]

    def __init__(self, title: str, prompt: str, *, required: bool = True,
                 placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.required = required
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), classes="modal-title")
            yield Static(Content(self.prompt))
            yield Input(value=self.value, placeholder=self.placeholder, id="reason-input")
            need = ("Required: Enter confirms once something is typed" if self.required
                    else "Optional: Enter confirms, blank or not")
            yield Static(f"{need}; Escape cancels (nothing changes)", classes="modal-hint")
            yield Static("", id="reason-error", classes="modal-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self.required and not text:
            self.query_one("#reason-error", Static).update(
                "Nothing typed: this cannot be blank (Escape cancels).")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
