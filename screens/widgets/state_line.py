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
        """Replace the text (never parsed as markup: errors may hold brackets) and level.

        The same text and level change nothing: every poll re-sends every line, and an
        update is a layout pass, so only lines that changed may cost one."""
        if text == self.text and level is self.level:
            return
        content = Content(text)
        self.update(content, layout=not self._same_size(content))
        self.text = text
        self.level = level
        wanted = level_class(level)
        # One atomic change: each set_class would restyle the widget on its own.
        self.update_classes({css_class: css_class == wanted
                             for css_class in LEVEL_CLASSES.values()})

    def _same_size(self, content: Content) -> bool:
        """Whether the new text takes the box the old one had: then a repaint suffices.

        A layout pass re-arranges the whole screen (tens of milliseconds on the dashboard),
        so it is asked for only when the line may grow or shrink: an auto width, a fixed
        height aside, or either text wrapping at the current width.
        """
        styles = self.styles
        if styles.width is not None and styles.width.is_auto:
            return False  # (no width set: the line fills its container)
        if styles.height is not None and not styles.height.is_auto:
            return True
        width = self.content_size.width
        return width > 0 and max(content.cell_length, Content(self.text).cell_length) <= width
