"""Backups: every schedule of the plan against every store, as the judge grades each cell.

Each cell shows the judge's words for the newest copy (``ok 2h``, ``LATE 2d``, ``RET``
when retention is off, ``BAD`` when its verification failed) and, where the maintenance
journal is read, whether that copy was verified (``✓``), failed (``✗``) or not yet
(``?``). Arrow keys move a cursor over the cells; Enter opens the cell's reasons. Under
the matrix: WAL archiving and Redis persistence, which no listing can show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.reactive import reactive

from console.judge.backup_streams import StreamVerdict
from console.judge.backups import BackupCell
from console.judge.freshness import staleness
from console.judge.model import Status
from console.live.readings import Reading
from console.plan import Plan
from screens.modals.backup_cell import BackupCellScreen
from screens.style import Level, abbreviate, format_age, level_of
from screens.widgets.state_line import StateLine
from services.models import BackupSnapshot

ROW_LABEL_WIDTH = 14
CELL_WIDTH = 8
MARKED_CELL_WIDTH = 9
"""With verification marks: ``LATE 23h`` plus its mark."""
LEGEND = "✓ verified ✗ failed ? unverified"


@dataclass(frozen=True)
class BackupsData:
    """The judged cells and streams, the ``backups`` reading (for its status line), the time."""

    now: datetime
    cells: tuple[BackupCell, ...] = ()
    reading: Reading[Any] | None = None
    streams: tuple[StreamVerdict, ...] = ()


def status_line(data: BackupsData) -> tuple[str, Level]:
    note = staleness(data.reading, data.now)
    snap = data.reading.snapshot if data.reading is not None else None
    if note is not None or not isinstance(snap, BackupSnapshot):
        return f"UNKNOWN {note or 'no backup data'}", Level.UNKNOWN
    text = f"checked {format_age((data.now - snap.observed_at).total_seconds())} ago"
    if snap.error:
        text += f" (partial: {snap.error})"
    if any(c.trust is not None for c in data.cells):
        return f"{text} · {LEGEND}", Level.INFO
    return text + " · n/c = no store configured", Level.INFO


class BackupsPane(Vertical):
    """A status line, a schedule x target matrix (the plan fixes its shape), the streams."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details", id="backup-details",
                tooltip="Why this backup cell is graded so (verification, age, retention)"),
        Binding("up", "move(-1, 0)", show=False),
        Binding("down", "move(1, 0)", show=False),
        Binding("left", "move(0, -1)", show=False),
        Binding("right", "move(0, 1)", show=False),
    ]

    can_focus = True
    data: reactive[BackupsData | None] = reactive(None, init=False)
    cursor: reactive[tuple[int, int]] = reactive((0, 0), init=False)
    """(schedule, target) index of the selected cell."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(id="backups")
        self.border_title = "Backups"
        self.plan = plan
        self._width = CELL_WIDTH

    def compose(self) -> ComposeResult:
        yield StateLine("UNKNOWN pending: no data yet", Level.UNKNOWN, id="backups-status")
        targets = self.plan.backup_targets
        grid = Grid(id="backup-matrix")
        grid.styles.grid_size_columns = len(targets) + 1
        grid.styles.grid_columns = self._columns()
        with grid:
            yield StateLine("", Level.INFO, classes="matrix-head")
            for target in targets:
                yield StateLine(abbreviate(target.id, CELL_WIDTH), Level.INFO,
                                classes="matrix-head")
            for schedule in self.plan.backups:
                yield StateLine(abbreviate(schedule.id, ROW_LABEL_WIDTH), Level.INFO,
                                classes="matrix-row")
                for target in targets:
                    used = target.id in schedule.targets
                    yield StateLine("?" if used else "·", Level.UNKNOWN if used else Level.INFO,
                                    id=f"cell-{schedule.id}-{target.id}", classes="matrix-cell")
        for name in ("wal", "redis"):
            line = StateLine("", Level.INFO, id=f"backups-{name}", classes="stream")
            line.display = False
            yield line

    def _columns(self) -> str:
        return f"{ROW_LABEL_WIDTH} " + " ".join([str(self._width)] * len(
            self.plan.backup_targets))

    def on_mount(self) -> None:
        self.watch_data(self.data)
        self.watch_cursor(self.cursor, self.cursor)

    def watch_data(self, data: BackupsData | None) -> None:
        if data is None or not self.is_mounted:
            return
        self.query_one("#backups-status", StateLine).show(*status_line(data))
        width = MARKED_CELL_WIDTH if any(c.trust is not None for c in data.cells) else CELL_WIDTH
        if width != self._width:
            self._width = width
            self.query_one("#backup-matrix", Grid).styles.grid_columns = self._columns()
        for cell in data.cells:
            self.query_one(f"#cell-{cell.component}-{cell.target}", StateLine).show(
                cell.text, level_of(cell.status))
        for name, verdict in zip(("wal", "redis"), data.streams, strict=False):
            line = self.query_one(f"#backups-{name}", StateLine)
            label = "OK" if verdict.status is Status.MET else verdict.status.label
            line.show(f"{verdict.what}: {label} · {verdict.reason}", level_of(verdict.status))
            line.display = True

    def _cell_id(self, row: int, col: int) -> str:
        return f"cell-{self.plan.backups[row].id}-{self.plan.backup_targets[col].id}"

    def watch_cursor(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        if not self.is_mounted:
            return
        self.query_one(f"#{self._cell_id(*old)}").remove_class("-cursor")
        self.query_one(f"#{self._cell_id(*new)}").add_class("-cursor")

    def action_move(self, rows: int, cols: int) -> None:
        row, col = self.cursor
        self.cursor = (max(0, min(len(self.plan.backups) - 1, row + rows)),
                       max(0, min(len(self.plan.backup_targets) - 1, col + cols)))

    def selected(self) -> BackupCell | None:
        """The judged cell under the cursor (None: not judged yet, or a target not used)."""
        row, col = self.cursor
        key = (self.plan.backups[row].id, self.plan.backup_targets[col].id)
        cells = self.data.cells if self.data is not None else ()
        return next((c for c in cells if (c.component, c.target) == key), None)

    def action_details(self) -> None:
        row, col = self.cursor
        component, target = self.plan.backups[row].id, self.plan.backup_targets[col].id
        self.app.push_screen(BackupCellScreen(component, target, self.selected()))
