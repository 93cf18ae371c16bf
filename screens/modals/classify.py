"""Classifying the incident: P1-P4 with the plan's label and what each one sets in motion.

The operator picks a severity knowing its consequences (activate the DR plan, local
recovery, normal operations, and which runbook phases open), so the list says them.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from console.plan.classification import Classification
from console.plan.model import Plan


def describe_level(plan: Plan, level: Classification) -> str:
    """``P1 Critical: activate-dr-plan (Assemble Team, ...); opens Assessment, ...``."""
    titles = {p.id: p.title for p in plan.runbook.phases}
    follow = f" ({', '.join(level.follow_up)})" if level.follow_up else ""
    phases = ", ".join(titles.get(p, p) for p in level.phases) or "no runbook phase"
    return f"{level.severity} {level.label}: {level.response}{follow}\n    opens {phases}"


class ClassifyModal(ModalScreen[str | None]):
    """Pick a severity; dismisses with ``"P1"``... or None on Escape."""

    DEFAULT_CSS = """
    ClassifyModal { align: center middle; }
    ClassifyModal > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ClassifyModal OptionList { height: auto; max-height: 20; }
    ClassifyModal .modal-title { text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="classify-cancel"),
    ]

    def __init__(self, plan: Plan, title: str, *, heading: str | None = None,
                 hint: str | None = None) -> None:
        """``heading`` and ``hint`` replace the first classification's wording (used to
        reclassify, where Escape keeps the severity rather than leaving none)."""
        super().__init__()
        self.plan = plan
        self.incident_title = title
        self.heading = heading or f"Classify: {title}"
        self.hint = hint or "Up/Down to choose, Enter to classify, Escape to leave it unclassified"

    def compose(self) -> ComposeResult:
        options = [Option(Content(describe_level(self.plan, level)), id=level.severity)
                   for level in self.plan.classification]
        with Vertical():
            yield Static(Content(self.heading), classes="modal-title")
            yield Static(Content(self.hint))
            yield OptionList(*options, id="severity-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
