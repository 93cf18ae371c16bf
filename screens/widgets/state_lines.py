"""Several state-coloured lines drawn as one widget: one render, one style pass.

A pane of a dozen :class:`~screens.widgets.state_line.StateLine` widgets costs a dozen
widgets to style, lay out and render on every screen switch; the dashboard had 111 of
them. This widget keeps the lines as data (key -> :class:`Line`) and renders them as one
text. Each line's look is a component class (``state-lines--ok``... from the level, plus
named looks such as ``title`` or ``writable``) that the TCSS colours from theme variables,
so the level -> look rule is still the one of :mod:`screens.style`.

Only what changed re-renders: the same lines change nothing, changed lines repaint this
widget alone, and a layout pass (the whole screen) is asked for only when the lines'
height at the current width changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.widget import Widget

from screens.style import LEVEL_CLASSES, Level

LOOKS = ("title", "serving", "writable", "head", "alarm", "cursor")
"""Named looks a line may add to its level's: a bold title, the serving site highlighted,
a writable database in bold, a bold heading, an alarm background (a breached verdict)."""
CLIP = "clip"
"""Not a look but a layout: the line stays one line, cut with … where the widget is
narrow (its whole text is a key away: details), instead of wrapping."""


@dataclass(frozen=True)
class Line:
    """One line's text, level and extra looks."""

    text: str
    level: Level = Level.INFO
    looks: tuple[str, ...] = ()

    def has_look(self, look: str) -> bool:
        """Whether the line carries ``look`` (a name of :data:`LOOKS`)."""
        return look in self.looks


def component(look: str) -> str:
    return f"state-lines--{look}"


LEVEL_COMPONENTS = {level: component(css.removeprefix("-")) for level, css in
                    LEVEL_CLASSES.items()}


class StateLines(Widget):
    """Lines keyed by name, in the order first given; :meth:`show` replaces some."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(component(css.removeprefix("-")) for css in LEVEL_CLASSES.values()),
        *(component(look) for look in LOOKS)}

    def __init__(self, lines: Mapping[str, Line] | None = None, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.lines: dict[str, Line] = dict(lines or {})
        self.clipping = True
        """Whether lines marked :data:`CLIP` are cut at the width (else they wrap)."""
        self.fill: frozenset[str] = frozenset({"serving", "alarm"})
        """Looks drawn across the whole width (a highlighted title, an alarm), not just the text."""

    def line(self, key: str) -> Line:
        """The line shown under ``key`` (KeyError if none)."""
        return self.lines[key]

    def show(self, key: str, text: str, level: Level, looks: Iterable[str] = ()) -> None:
        """Replace one line (see :meth:`show_lines`)."""
        self.show_lines({key: Line(text, level, tuple(looks))})

    def show_lines(self, lines: Mapping[str, Line], *, keep: bool = True) -> None:
        """Replace the lines given (new keys go last; ``keep=False`` drops the others).

        Lines equal to the ones shown change nothing: every poll re-sends every line."""
        wanted = {**self.lines, **lines} if keep else dict(lines)
        if wanted == self.lines and list(wanted) == list(self.lines):
            return
        self.lines = wanted
        if not self.is_mounted:
            return
        self.refresh(layout=not self._same_height())

    def set_clipping(self, clipping: bool) -> None:
        """Cut or wrap the :data:`CLIP` lines from now on (a layout pass if it changed)."""
        if clipping != self.clipping:
            self.clipping = clipping
            self.refresh(layout=True)

    def _same_height(self) -> bool:
        """Whether the new lines take the height the old ones had at this width."""
        if self.styles.height is not None and not self.styles.height.is_auto:
            return True
        width = self.content_size.width
        if width <= 0:
            return False
        rules = self.styles.get_rules()
        return self.content(width).get_height(rules, width) == self.content_size.height

    def _look(self, name: str) -> Style:
        """A component's own style, its colours blended as the TCSS says (``$text-muted``,
        ``$error 20%`` carry an alpha that a partial style would drop)."""
        partial = self.get_component_rich_style(name, partial=True)
        full = self.get_component_rich_style(name)
        return partial + Style(color=full.color if partial.color else None,
                               bgcolor=full.bgcolor if partial.bgcolor else None)

    def _style(self, line: Line) -> Style:
        style = self._look(LEVEL_COMPONENTS[line.level])
        for look in line.looks:
            if look != CLIP:
                style += self._look(component(look))
        return style

    def content(self, width: int) -> Content:
        """The lines as one text, styled (``width``: where a filled look ends)."""
        text = Text(end="", no_wrap=False)
        for index, line in enumerate(self.lines.values()):
            if index:
                text.append("\n")
            body = line.text
            if self.clipping and CLIP in line.looks and 0 < width < cell_len(body):
                cut = Text(body, end="")
                cut.truncate(width, overflow="ellipsis")
                body = cut.plain
            if self.fill.intersection(line.looks):
                body += " " * max(0, width - cell_len(body))
            text.append(body, self._style(line))
        return Content.from_rich_text(text)

    def render(self) -> Content:
        return self.content(self.content_size.width)
