"""A short list to pick one thing from: a phase to open, whether to quit.

Kept tiny and generic so the checklist's new keys and the quit question share one modal;
Escape always answers None (nothing changes).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class PickModal(ModalScreen[str | None]):
    """Dismisses with the chosen option's id, or None on Escape."""

    DEFAULT_CSS = """
    PickModal { align: center middle; }
    PickModal > Vertical {
        width: 90%; max-width: 90; height: auto; max-height: 90%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    PickModal OptionList { height: auto; max-height: 16; }
    PickModal .modal-title { text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick-cancel"),
    ]

    def __init__(self, title: str, hint: str, options: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.options = tuple(options)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), classes="modal-title")
            yield Static(Content(self.hint))
            yield OptionList(*(Option(Content(text), id=key) for key, text in self.options),
                             id="pick-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class QuitModal(PickModal):
    """``q`` with an incident open: stay (the default, under Enter) or quit; ``q`` again
    quits. Either way the journal has every event already (fsync per event)."""

    QUIT = "quit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_now", "Quit", id="quit-confirm"),
    ]

    def __init__(self, incident_id: str) -> None:
        super().__init__(
            f"{incident_id} is still open",
            "The journal keeps everything; `recovery-console resume` reopens it. Quit now? "
            "(Enter on the choice; q quits, Escape stays)",
            [("stay", "Stay in the console"),
             (self.QUIT, "Quit (the incident stays open)")])

    def action_quit_now(self) -> None:
        self.dismiss(self.QUIT)
