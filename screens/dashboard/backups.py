"""Backups: every schedule of the plan against every store, as the judge grades each cell.

Each cell shows the judge's words for the newest copy (``ok 2h``, ``LATE 2d``, ``RET``
when retention is off, ``BAD`` when its verification failed) and, where the maintenance
journal is read, whether that copy was verified (``✓``), failed (``✗``) or not yet
(``?``). Arrow keys move a cursor over the cells; Enter opens the cell's reasons. Under
the matrix: WAL archiving and Redis persistence, which no listing can show. The matrix is
one widget (:class:`~screens.dashboard.backup_grid.BackupGrid`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import reactive

from console.judge.backup_streams import StreamVerdict
from console.judge.backups import BackupCell
from console.judge.freshness import staleness
from console.judge.model import Status
from console.live.readings import Reading
from console.plan import Plan
from screens.dashboard.backup_grid import BackupGrid
from screens.modals.backup_cell import BackupCellScreen
from screens.style import Level, format_age, level_of
from screens.widgets.state_line import StateLine
from services.models import BackupSnapshot

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
        self.grid = BackupGrid(plan)

    def compose(self) -> ComposeResult:
        yield StateLine("UNKNOWN pending: no data yet", Level.UNKNOWN, id="backups-status")
        yield self.grid
        for name in ("wal", "redis"):
            line = StateLine("", Level.INFO, id=f"backups-{name}", classes="stream")
            line.display = False
            yield line

    def on_mount(self) -> None:
        self.watch_data(self.data)

    def watch_data(self, data: BackupsData | None) -> None:
        if data is None or not self.is_mounted:
            return
        self.query_one("#backups-status", StateLine).show(*status_line(data))
        self.grid.show_cells(data.cells)
        for name, verdict in zip(("wal", "redis"), data.streams, strict=False):
            line = self.query_one(f"#backups-{name}", StateLine)
            label = "OK" if verdict.status is Status.MET else verdict.status.label
            line.show(f"{verdict.what}: {label} · {verdict.reason}", level_of(verdict.status))
            line.display = True

    def _key(self) -> tuple[str, str]:
        row, col = self.cursor
        return self.plan.backups[row].id, self.plan.backup_targets[col].id

    def watch_cursor(self) -> None:
        self.grid.show_cursor(self._key() if self.has_focus else None)

    def watch_has_focus(self, _has_focus: bool) -> None:
        """The cursor is drawn while the pane has focus (arrows move it then)."""
        super().watch_has_focus(_has_focus)
        self.watch_cursor()

    def action_move(self, rows: int, cols: int) -> None:
        row, col = self.cursor
        self.cursor = (max(0, min(len(self.plan.backups) - 1, row + rows)),
                       max(0, min(len(self.plan.backup_targets) - 1, col + cols)))

    def selected(self) -> BackupCell | None:
        """The judged cell under the cursor (None: not judged yet, or a target not used)."""
        key = self._key()
        cells = self.data.cells if self.data is not None else ()
        return next((c for c in cells if (c.component, c.target) == key), None)

    def action_details(self) -> None:
        component, target = self._key()
        self.app.push_screen(BackupCellScreen(component, target, self.selected()))
