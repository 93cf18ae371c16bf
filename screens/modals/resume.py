"""At start-up, an open incident in the journal directory: resume it, start anew, or ignore.

A dropped SSH session is the common case, so resuming is the default (Enter).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from console.journal.listing import IncidentSummary

ResumeChoice = Literal["resume", "new", "ignore"]


class ResumeModal(ModalScreen[ResumeChoice]):
    """r/Enter resume, n new incident, i/Escape ignore."""

    DEFAULT_CSS = """
    ResumeModal { align: center middle; }
    ResumeModal > Vertical {
        width: 72; height: auto; border: round $warning; background: $surface; padding: 0 1;
    }
    ResumeModal .modal-title { text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,enter", "choose('resume')", "Resume", id="resume-resume"),
        Binding("n", "choose('new')", "New incident", id="resume-new"),
        Binding("i,escape", "choose('ignore')", "Ignore", id="resume-ignore"),
    ]

    def __init__(self, summary: IncidentSummary, others: int = 0) -> None:
        super().__init__()
        self.summary = summary
        self.others = others

    def compose(self) -> ComposeResult:
        s = self.summary
        kind = "drill" if s.drill else "incident"
        when = s.declared_at.strftime("%Y-%m-%d %H:%M UTC") if s.declared_at else "unknown time"
        more = f"\n({self.others} more open: recovery-console incidents)" if self.others else ""
        with Vertical():
            yield Static("An open incident was found", classes="modal-title")
            yield Static(Content(f"{s.id}: {s.title}\n{kind}, {s.severity or 'unclassified'}, "
                                 f"declared {when}, {s.event_count} events{more}"))
            yield Static("r / Enter resume it | n declare a new one | i / Escape ignore")

    def action_choose(self, choice: ResumeChoice) -> None:
        self.dismiss(choice)
