"""Key ``u``: the maintenance calendar, with what is overdue first.

The plan's maintenance tasks, backup verification routines and test schedule, each with
its state (overdue / due / done) and when it is next due: the judge's calendar
(:attr:`~console.judge.verdicts.Verdicts.maintenance`, folded from the maintenance
journal the console polls), rendered as it comes with every live state. Marking a task
done stays a command (``recovery-console maintenance done TASK --note``): a note is
written, on purpose, where there is a keyboard and time to think. The task column takes
the width the others leave (cut with ``…`` at 80 columns, a note too); Enter shows the
row in full.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Header

from console.judge.maintenance import TaskState, TaskStatus, when
from console.judge.verdicts import LiveState, Verdicts
from screens.modals.text_view import TextModal
from screens.style import Level
from screens.widgets.fast_resume import FastResumeScreen
from screens.widgets.fit_table import FitTable, cell
from screens.widgets.key_bar import KeyBar
from screens.widgets.state_line import StateLine

COLUMNS = ("State", "Cadence", "Task", "When", "Last note")
NOTE_WIDTH = 24
"""A note longer than this is cut in the table (Enter shows it whole)."""
_STATE_STYLE = {TaskState.OVERDUE: "bold reverse", TaskState.DUE: "bold", TaskState.DONE: ""}
"""Overdue stands out in any theme (reverse video), due in bold; the summary line above
carries the colour."""
NOT_READ = ("no maintenance journal is read here: a drill runs on simulated time "
            "(`recovery-console maintenance` lists the real calendar)")


def summary(verdicts: Verdicts | None) -> tuple[str, Level]:
    """The line over the table: how many overdue / due / done, or why nothing is shown."""
    if verdicts is None:
        return "UNKNOWN pending: no data yet", Level.UNKNOWN
    tasks = verdicts.maintenance
    if tasks is None:
        return NOT_READ, Level.INFO
    if not tasks:
        return "UNKNOWN maintenance journal not read yet", Level.UNKNOWN
    count = {state: sum(t.state is state for t in tasks) for state in TaskState}
    text = (f"{count[TaskState.OVERDUE]} overdue, {count[TaskState.DUE]} due, "
            f"{count[TaskState.DONE]} done")
    if count[TaskState.OVERDUE]:
        return f"OVERDUE {text}", Level.BREACHED
    return text, Level.AT_RISK if count[TaskState.DUE] else Level.OK


def row(status: TaskStatus, now: datetime) -> tuple[Text, ...]:
    """One task's cells; Text, never str (a str cell is parsed as markup, and notes are
    the operator's words)."""
    note = cell(status.last_note)
    note.truncate(NOTE_WIDTH, overflow="ellipsis")
    return (Text(status.state.value.upper(), style=_STATE_STYLE[status.state]),
            Text(status.task.cadence), cell(status.task.title), Text(when(status, now)), note)


class MaintenanceScreen(FastResumeScreen):
    """The calendar of recurring tasks, most urgent first."""

    def __init__(self, banner: Widget) -> None:
        super().__init__(id="maintenance-screen")
        self.banner = banner
        self._shown: tuple[tuple[str, ...], ...] | None = None
        self._full: dict[str, str] = {}
        """Task id -> the row in full, for Enter."""

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield self.banner
        yield StateLine(*summary(None), id="maintenance-summary")
        table = FitTable("task", minimum=20, id="maintenance-table", cursor_type="row",
                         zebra_stripes=True)
        table.border_title = "Maintenance and test calendar"
        for label in COLUMNS:
            table.add_column(label, key=label.split()[-1].lower())
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "live", self.show_live, init=True)

    def show_live(self, live: LiveState | None) -> None:
        """Render the calendar of ``live`` (the app's one state); unchanged rows cost
        nothing (every poll sends the state again)."""
        verdicts = live.verdicts if live is not None else None
        self.query_one("#maintenance-summary", StateLine).show(*summary(verdicts))
        tasks = verdicts.maintenance or () if verdicts is not None else ()
        rows = tuple(row(t, verdicts.at) for t in tasks) if verdicts is not None else ()
        plain = tuple(tuple(cell.plain for cell in r) for r in rows)
        if plain == self._shown:
            return
        self._shown = plain
        table = self.query_one("#maintenance-table", DataTable)
        table.clear()
        for cells, status in zip(rows, tasks, strict=True):
            table.add_row(*cells, key=status.task.id)
            self._full[status.task.id] = (
                f"{status.state.value.upper()}: {status.task.title} ({status.task.cadence})\n"
                f"{cells[3].plain}\nLast note: {status.last_note or '-'}")
        if isinstance(table, FitTable):
            table.fit()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value or ""
        self.app.push_screen(TextModal("Maintenance task", self._full.get(key, key)))
