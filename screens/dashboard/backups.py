"""Backups: every schedule of the plan against every store, as the judge grades each cell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.reactive import reactive

from console.judge.backups import BackupCell
from console.judge.freshness import staleness
from console.live.readings import Reading
from console.plan import Plan
from screens.style import Level, abbreviate, format_age, level_of
from screens.widgets.state_line import StateLine
from services.models import BackupSnapshot

ROW_LABEL_WIDTH = 14
CELL_WIDTH = 8


@dataclass(frozen=True)
class BackupsData:
    """The judged cells, the ``backups`` reading (for its status line) and the time."""

    now: datetime
    cells: tuple[BackupCell, ...] = ()
    reading: Reading[Any] | None = None


def status_line(data: BackupsData) -> tuple[str, Level]:
    note = staleness(data.reading, data.now)
    snap = data.reading.snapshot if data.reading is not None else None
    if note is not None or not isinstance(snap, BackupSnapshot):
        return f"UNKNOWN {note or 'no backup data'}", Level.UNKNOWN
    text = f"checked {format_age((data.now - snap.observed_at).total_seconds())} ago"
    if snap.error:
        text += f" (partial: {snap.error})"
    return text + " · n/c = no store configured", Level.INFO


class BackupsPane(Vertical):
    """A status line and a schedule x target matrix; the plan fixes its shape."""

    can_focus = True
    data: reactive[BackupsData | None] = reactive(None, init=False)

    def __init__(self, plan: Plan) -> None:
        super().__init__(id="backups")
        self.border_title = "Backups"
        self.plan = plan

    def compose(self) -> ComposeResult:
        yield StateLine("UNKNOWN pending: no data yet", Level.UNKNOWN, id="backups-status")
        targets = self.plan.backup_targets
        grid = Grid(id="backup-matrix")
        grid.styles.grid_size_columns = len(targets) + 1
        grid.styles.grid_columns = f"{ROW_LABEL_WIDTH} " + " ".join(
            [str(CELL_WIDTH)] * len(targets))
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

    def on_mount(self) -> None:
        self.watch_data(self.data)

    def watch_data(self, data: BackupsData | None) -> None:
        if data is None or not self.is_mounted:
            return
        self.query_one("#backups-status", StateLine).show(*status_line(data))
        for cell in data.cells:
            self.query_one(f"#cell-{cell.component}-{cell.target}", StateLine).show(
                cell.short, level_of(cell.status))
