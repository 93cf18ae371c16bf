"""The guided checklist: phases with progress, the selected phase's steps, the step in full.

Everything shown is folded from the incident journal through the session, and every key
that changes something goes through the session too, so a read-only console is refused
there (the notification just says so). The screen keeps only view state: which phase
and step are selected and which command ``y`` copies.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Header, Static

from console.actions import Confirmation, PlannedAction
from console.incident.session import IncidentSession, JournalUnavailable, SessionRefused
from console.incident.state import IncidentState, PhaseState, StepState
from screens.checklist.actions import ChecklistActions
from screens.checklist.detail import StepDetail, StepView, in_full
from screens.checklist.format import (
    STEP_MARKS,
    action_text,
    header_line,
    owner_name,
    phase_line,
)
from screens.checklist.phases import PhaseActions
from screens.modals.confirm import ConfirmActionModal
from screens.modals.text_view import TextModal
from screens.reports.drill_results import DrillResults
from screens.widgets.fast_resume import FastResumeScreen
from screens.widgets.fit_table import FitTable, cell
from screens.widgets.key_bar import KeyBar
from services.clock import Clock

NO_INCIDENT = "No incident. Press i to declare one (recovery-console resume reopens one)."


class ChecklistScreen(ChecklistActions, PhaseActions, FastResumeScreen):
    """Key ``c``; ``d``/``o`` go back to the dashboard and the objectives."""

    DEFAULT_CSS = """
    ChecklistScreen #incident-line {
        background: $panel; padding: 0 1; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    ChecklistScreen #checklist-left { width: 45%; min-width: 38; max-width: 64; }
    ChecklistScreen #phase-list {
        height: auto; max-height: 12; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ChecklistScreen #step-table { height: 1fr; }
    ChecklistScreen StepDetail { width: 1fr; padding: 0 1; border-left: solid $panel; }
    ChecklistScreen #step-title { text-style: bold; }
    ChecklistScreen #step-owner { text-wrap: nowrap; text-overflow: ellipsis; }
    ChecklistScreen #step-meta { color: $text-muted; }
    ChecklistScreen #step-commands { text-wrap: nowrap; text-overflow: ellipsis; }
    ChecklistScreen #step-rto.-ok { color: $text-success; }
    ChecklistScreen #step-rto.-warning { color: $text-warning; text-style: bold; }
    ChecklistScreen #step-rto.-breached { color: $text-error; text-style: bold reverse; }
    ChecklistScreen StateLine.-ok { color: $text-success; }
    ChecklistScreen StateLine.-warn { color: $text-warning; }
    ChecklistScreen StateLine.-bad { color: $text-error; text-style: bold; }
    ChecklistScreen StateLine.-unknown { color: $text-muted; text-style: italic; }
    ChecklistScreen #step-commands { margin-top: 1; }
    ChecklistScreen DrillResults {
        padding: 0 1; border: round $success; height: auto; text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ChecklistScreen #checklist-body { height: 1fr; min-height: 5; }
    ChecklistScreen DrillResults.-hidden { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "done", "Done", id="step-done", tooltip="Mark the step done"),
        Binding("s", "skip", "Skip", id="step-skip", tooltip="Skip the step (reason required)"),
        Binding("f", "fail", "Fail", id="step-fail", tooltip="Fail the step (reason required)"),
        Binding("n", "note", "Note", id="note", tooltip="Add a note to the journal"),
        Binding("a", "run_action", "Action", id="step-action",
                tooltip="Run the step's action (confirmation first)"),
        Binding("y", "copy_command", "Copy cmd", id="copy-command",
                tooltip="Copy the marked command (OSC 52: works over SSH)"),
        Binding("x", "next_command", "Next cmd", id="next-command", show=False),
        Binding("v", "view_step", "View", id="view-step", show=False,
                tooltip="The step in full: owner, check, action, every command, guidance"),
        Binding("left_square_bracket", "phase(-1)", "Prev phase", key_display="[",
                id="prev-phase", show=False),
        Binding("right_square_bracket", "phase(1)", "Next phase", key_display="]",
                id="next-phase", show=False),
        Binding("O", "open_phase", "Open phase", id="open-phase",
                tooltip="Open a phase the severity did not (rollback...; reason required)"),
        Binding("P", "reclassify", "Severity", id="reclassify",
                tooltip="Reclassify: raise or lower the severity (reason required)"),
        Binding("R", "resolve", "Resolve", id="resolve", tooltip="Resolve the incident"),
    ]

    def __init__(self, clock: Clock, banner: Widget | None = None) -> None:
        super().__init__(id="checklist")
        self.clock = clock
        self.banner = banner
        self.session: IncidentSession | None = None
        self.phase_id: str | None = None
        """The phase the operator chose with [ ]; None follows the current phase."""
        self.command_index = 0
        self._shown: tuple[str | None, tuple[tuple[str, ...], ...]] = (None, ())
        self._jump_to_next = True
        self._last_next: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        if self.banner is not None:
            yield self.banner
        yield Static(NO_INCIDENT, id="incident-line")
        # Full width: its 74-column table fits an 80-column terminal, not half of one.
        yield DrillResults(classes="-hidden")
        with Horizontal(id="checklist-body"):
            with Vertical(id="checklist-left"):
                yield Static("", id="phase-list")
                table = FitTable("step", minimum=12, id="step-table", cursor_type="row")
                for label in (" ", "Step", "Owner"):
                    table.add_column(label, key=label.strip().lower() or "mark")
                yield table
            yield StepDetail()
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        """Shown again (from the dashboard, after a modal): time and readings moved on."""
        self.refresh_view()

    def set_session(self, session: IncidentSession | None) -> None:
        self.session = session
        self.phase_id = None
        self._jump_to_next = True
        self.refresh_view()

    # -- rendering ------------------------------------------------------------------------

    def shown_phase(self, state: IncidentState) -> PhaseState | None:
        wanted = self.phase_id or state.current_phase
        phase = state.phase(wanted) if wanted else None
        return phase or (state.phases[-1] if state.phases else None)

    def refresh_view(self) -> None:
        """Re-render from the journal's state, the clocks and the live check."""
        lines = self.query("#incident-line").results(Static)
        line = next(lines, None)
        if not self.is_mounted or line is None:  # not composed yet, or being torn down
            return
        session = self.session
        if session is None or not session.state.id:
            line.update(NO_INCIDENT)
            self._fill_table(None, ())
            self.query_one(StepDetail).show(None)
            return
        state, clocks = session.state, session.clocks(self.clock.now())
        line.update(Content(header_line(state, clocks, session.ctx.plan)))
        phase = self.shown_phase(state)
        self.query_one("#phase-list", Static).update(Content("\n".join(
            phase_line(p, i, p is phase, clocks) for i, p in enumerate(state.phases, 1))
            or "Not classified yet: press i to classify."))
        rows = () if phase is None else tuple(
            (s.id, STEP_MARKS[s.status], s.title, _owner(session, s)) for s in phase.steps)
        self._fill_table(phase.id if phase else None, rows)
        results = self.query_one(DrillResults)
        results.set_class(not (state.resolved and state.drill), "-hidden")
        if state.resolved and state.drill:
            results.show_measured(session.ctx.plan, state, session.events)
        self._show_detail(session, state)

    def _fill_table(self, phase_id: str | None, rows: tuple[tuple[str, ...], ...]) -> None:
        table: DataTable[Text] = self.query_one("#step-table", DataTable)
        if (phase_id, rows) == self._shown:
            return
        keep = table.cursor_row if phase_id == self._shown[0] else 0
        self._shown = (phase_id, rows)
        table.clear()
        for step_id, *cells in rows:
            table.add_row(*map(cell, cells), key=step_id)
        if isinstance(table, FitTable):
            table.fit()
        state = self.session.state if self.session is not None else None
        if state is not None and state.next_step != self._last_next:
            self._last_next = state.next_step  # the incident moved on: follow it
            self._jump_to_next = True
        if self._jump_to_next and state is not None and state.next_step is not None:
            ids = [r[0] for r in rows]
            keep = ids.index(state.next_step) if state.next_step in ids else keep
            self._jump_to_next = False
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1), animate=False)

    def selected_step_id(self) -> str | None:
        table: DataTable[Text] = self.query_one("#step-table", DataTable)
        rows = self._shown[1]
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        return rows[table.cursor_row][0]

    def _show_detail(self, session: IncidentSession, state: IncidentState) -> None:
        detail = self.query_one(StepDetail)
        step_id = self.selected_step_id()
        step = state.step(step_id) if step_id else None
        if step is None or step_id is None:
            detail.show(None)
            return
        plan_step = session.plan_step(step_id)
        live = None if step.finished else session.check(step_id)
        detail.show(StepView(session.ctx.plan, plan_step, step, session.clocks(self.clock.now()),
                             live, self.command_index,
                             action_text(plan_step, step, _writer_alive(session)),
                             notes=state.notes))

    def action_view_step(self) -> None:
        view = self.query_one(StepDetail).view
        if view is None:
            self.notify("No step selected.", severity="warning")
            return
        self.app.push_screen(TextModal(view.step.title, in_full(view)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.command_index = 0
        if self.session is not None and self.session.state.id:
            self._show_detail(self.session, self.session.state)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_done()

    # -- the action modal, for ChecklistActions ----------------------------------------------

    async def confirm(self, planned: PlannedAction) -> Confirmation:
        """Ask through :class:`ConfirmActionModal`; resolves when it is dismissed."""
        answer: asyncio.Future[Confirmation] = asyncio.get_running_loop().create_future()
        title = self.session.plan_step(planned.step_id).title if self.session else ""

        def dismissed(result: Confirmation | None) -> None:
            answer.set_result(result or Confirmation(confirmed=False))

        self.app.push_screen(ConfirmActionModal(planned, title), callback=dismissed)
        return await answer

    def report_refusal(self, exc: SessionRefused) -> None:
        if isinstance(exc, JournalUnavailable):
            self.notify(str(exc), title="Journal unavailable", severity="error", timeout=30)
        else:
            self.notify(str(exc), title="Nothing changed", severity="warning")


def _owner(session: IncidentSession, step: StepState) -> str:
    """The person's name (the role when the plan names nobody): the detail has the rest."""
    return owner_name(session.ctx.plan, session.plan_step(step.id).owner) if step.known else ""



def _writer_alive(session: IncidentSession) -> bool:
    """A watcher asks the journal's lock whether its writer still runs (a console killed
    mid-action leaves it confirmed forever: that is shown as interrupted)."""
    if not session.follower or session.path is None:
        return True
    from console.journal.writer import writer_active

    return writer_active(session.path)
