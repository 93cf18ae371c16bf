"""One line of text whose colour says how it stands (OK, AT RISK, BREACHED, UNKNOWN).

Every state-coloured line of the dashboard is a StateLine, so the level -> CSS class rule
lives in one place and the TCSS decides the colours from theme variables.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from screens.style import LEVEL_CLASSES, Level, level_class


class StateLine(Static):
    """A Static that shows text under exactly one level class."""

    def __init__(self, text: str = "", level: Level = Level.UNKNOWN, *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Content(text), id=id, classes=classes)
        self.level = level
        self.text = text
        self.add_class(level_class(level), update=False)  # styled once, when mounted

    def show(self, text: str, level: Level) -> None:
        """Replace the text (never parsed as markup: errors may hold brackets) and level."""
        self.text = text
        self.level = level
        self.update(Content(text))
        wanted = level_class(level)
        # One atomic change: each set_class would restyle the widget on its own.
        self.update_classes({css_class: css_class == wanted
                             for css_class in LEVEL_CLASSES.values()})
