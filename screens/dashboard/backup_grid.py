"""The schedule x store matrix of the Backups pane, drawn as one widget with a cell cursor.

The plan fixes the shape (its schedules down, its backup targets across); the judge
grades each cell (:class:`~console.judge.backups.BackupCell`). It was a grid of ~70
one-line widgets, which every screen switch restyled and re-rendered; now it is one
render of fixed-width columns, so a changed cell repaints this widget only, and never
needs a layout pass (the matrix's size depends on the plan alone).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.content import Content

from console.judge.backups import BackupCell
from console.plan import Plan
from screens.style import Level, abbreviate, level_of
from screens.widgets.state_lines import Line, StateLines

ROW_LABEL_WIDTH = 14
CELL_WIDTH = 8
MARKED_CELL_WIDTH = 9
"""With verification marks: ``LATE 23h`` plus its mark."""

Key = tuple[str, str]
"""(schedule id, target id)."""


class BackupGrid(StateLines):
    """The matrix; the pane around it owns the cursor and the keys (it takes focus)."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(id="backup-matrix")
        self.plan = plan
        self.cells: dict[Key, Line] = {
            (schedule.id, target.id): (Line("?", Level.UNKNOWN) if target.id in schedule.targets
                                       else Line("·", Level.INFO))
            for schedule in plan.backups for target in plan.backup_targets}
        self.cursor: Key | None = None
        """The cell drawn under the cursor (None: the pane is not focused)."""
        self.width = CELL_WIDTH

    def cell(self, component: str, target: str) -> Line:
        """What the cell of schedule ``component`` in store ``target`` shows."""
        return self.cells[(component, target)]

    def show_cells(self, cells: Iterable[BackupCell]) -> None:
        """The judge's cells (repaints only if one changed; marks widen the columns)."""
        cells = tuple(cells)
        judged = {(c.component, c.target): Line(c.text, level_of(c.status)) for c in cells}
        marked = any(c.trust is not None for c in cells)
        width = MARKED_CELL_WIDTH if marked else CELL_WIDTH
        wanted = {**self.cells, **{k: v for k, v in judged.items() if k in self.cells}}
        if wanted == self.cells and width == self.width:
            return
        self.cells, self.width = wanted, width
        self.refresh()

    def show_cursor(self, cursor: Key | None) -> None:
        if cursor != self.cursor:
            self.cursor = cursor
            self.refresh()

    def content(self, width: int) -> Content:
        head = self._style(Line("", Level.INFO, ("head",)))
        text = Text(" " * ROW_LABEL_WIDTH, end="", no_wrap=True)
        for target in self.plan.backup_targets:
            text.append(" ")
            text.append(abbreviate(target.id, CELL_WIDTH).ljust(self.width), head)
        for schedule in self.plan.backups:
            text.append("\n")
            text.append(abbreviate(schedule.id, ROW_LABEL_WIDTH).ljust(ROW_LABEL_WIDTH))
            for target in self.plan.backup_targets:
                key = (schedule.id, target.id)
                line = self.cells[key]
                looks: tuple[str, ...] = ("alarm",) if line.level is Level.BREACHED else ()
                if key == self.cursor:
                    looks += ("cursor",)
                text.append(" ")
                text.append(line.text[:self.width].ljust(self.width),
                            self._style(Line(line.text, line.level, looks)))
        return Content.from_rich_text(text)

