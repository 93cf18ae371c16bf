"""Backups: every schedule of the plan against every store, judged by the newest copy's age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.reactive import reactive

from console.live.readings import Reading
from console.plan import Plan
from screens.style import Level, abbreviate, backup_cell, format_age, stale_note
from screens.widgets.state_line import StateLine
from services.models import BackupEntry, BackupSnapshot

ROW_LABEL_WIDTH = 14
CELL_WIDTH = 8


@dataclass(frozen=True)
class BackupsData:
    """The ``backups`` reading and the time."""

    now: datetime
    reading: Reading[Any] | None = None


class BackupsPane(Vertical):
    """A status line and a schedule x target matrix; the plan fixes its shape."""

    can_focus = True
    data: reactive[BackupsData | None] = reactive(None, init=False)

    def __init__(self, plan: Plan) -> None:
        super().__init__(id="backups")
        self.border_title = "Backups"
        self.plan = plan

    def compose(self) -> ComposeResult:
        yield StateLine("UNKNOWN pending: no data yet", id="backups-status")
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
        note = stale_note(data.reading, data.now)
        snap = data.reading.snapshot if data.reading is not None else None
        entries: dict[tuple[str, str], BackupEntry] = {}
        watched: set[str] = set()
        if note is None and isinstance(snap, BackupSnapshot):
            entries = {(e.component, e.target): e for e in snap.entries}
            watched = {e.target for e in snap.entries}
            status = f"checked {format_age((data.now - snap.observed_at).total_seconds())} ago"
            if snap.error:
                status += f" (partial: {snap.error})"
            self.query_one("#backups-status", StateLine).show(status, Level.INFO)
        else:
            self.query_one("#backups-status", StateLine).show(
                f"UNKNOWN {note or 'no backup data'}", Level.UNKNOWN)
        for schedule in self.plan.backups:
            interval = schedule.frequency.interval
            for target in self.plan.backup_targets:
                if target.id not in schedule.targets:
                    continue
                if note is None and isinstance(snap, BackupSnapshot):
                    if target.id not in watched:  # no store configured for this target
                        text, level = "n/c", Level.INFO
                    else:
                        text, level = backup_cell(entries.get((schedule.id, target.id)),
                                                  interval, data.now)
                else:
                    text, level = "?", Level.UNKNOWN
                self.query_one(f"#cell-{schedule.id}-{target.id}", StateLine).show(text, level)
