"""The one-line banner that always says which mode the console is in.

An operator must never mistake a drill for the real thing, or a read-only watch for a
console that can act: the banner's text and colour come from the mode.
"""

from __future__ import annotations

from textual.widgets import Static

from console.config_models import Mode

_LABELS = {
    Mode.DRILL: "DRILL (simulated)",
    Mode.READ_ONLY: "READ-ONLY (no actions)",
    Mode.INCIDENT: "INCIDENT (acts on production)",
}


class ModeBanner(Static):
    """Mode, plan and operator, on one line."""

    def __init__(self, mode: Mode, plan_label: str, operator: str) -> None:
        super().__init__(f"{_LABELS[mode]} | plan {plan_label} | operator {operator}")
        self.add_class(f"-{mode.value}")
