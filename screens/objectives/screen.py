"""The plan's objectives (RTO, RPO, SLA) with their live status and the evidence behind it.

Targets come from the plan; status and evidence from ``console.judge.objectives``, pushed
in by the app after every reading. UNKNOWN is drawn as unknown, never as met; NOT
MONITORED (the plan names no measure) and GAP (the plan cannot keep the target) are drawn
apart from both, since neither asks anything of the operator right now.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Header

from console.judge.objectives import ObjectiveStatus, Status
from console.plan import Plan
from console.plan.durations import format_duration
from screens.modals.text_view import TextModal
from screens.widgets.fast_resume import FastResumeScreen
from screens.widgets.fit_table import FitTable, cell
from screens.widgets.key_bar import KeyBar

_STYLE = {Status.MET: "text-success", Status.AT_RISK: "text-warning",
          Status.BREACHED: "text-error", Status.UNKNOWN: "foreground-muted",
          Status.NOT_MONITORED: "foreground-muted", Status.GAP: "text-secondary"}
"""Theme variables only, so no theme can draw a breach in green."""
_TEXT_STYLE = {Status.UNKNOWN: "italic", Status.NOT_MONITORED: ""}
"""Bold by default; UNKNOWN in italics, NOT MONITORED plain: both muted, never alike."""


class ObjectivesView(VerticalScroll):
    """Three tables: recovery time, recovery point, service levels.

    The container itself takes no focus: tab goes straight from table to table, and
    focusing a table scrolls it (title included) into view on a small terminal.
    """

    can_focus = False

    def __init__(self, plan: Plan) -> None:
        super().__init__(id="objectives")
        self.plan = plan
        self._pending: tuple[ObjectiveStatus, ...] = ()
        self._shown: dict[tuple[str, str], tuple[Status, str, str]] = {}
        self._evidence: dict[str, str] = {}
        """Row id -> status and evidence in full, for Enter."""

    def compose(self) -> ComposeResult:
        o = self.plan.objectives
        head = ["Status", "Evidence"]
        yield _table("rto", "Recovery Time Objectives (RTO)", ["Component", "RTO", *head],
                     [(r.id, r.component, format_duration(r.target)) for r in o.rto])
        yield _table("rpo", "Recovery Point Objectives (RPO)", ["Component", "RPO", *head],
                     [(r.id, r.component, format_duration(r.target)) for r in o.rpo])
        yield _table("sla", "Service Level Agreements (SLA)",
                     ["Service", "Avail.", "Recovery", "Loss", *head],
                     [(s.id, s.service, f"{s.availability_pct:g}%",
                       format_duration(s.recovery_time), format_duration(s.data_loss))
                      for s in o.sla])

    def on_mount(self) -> None:
        # The tables mount with this view; fill them once they are in place.
        self.call_after_refresh(self.show_statuses, self._pending)

    def show_statuses(self, statuses: Iterable[ObjectiveStatus]) -> None:
        """Fill the status and evidence cells (kept until mounted if need be)."""
        self._pending = tuple(statuses)
        if not self.is_mounted:
            return
        colours: dict[Status, str] = {}
        refit: set[DataTable[str | Text]] = set()
        for status in self._pending:
            # Only rows that changed (or a new theme) are redrawn: every poll sends them all.
            shown = (status.status, status.evidence, self.app.theme)
            if self._shown.get((status.kind, status.id)) == shown:
                continue
            table = self.query_one(f"#{status.kind}-table", DataTable)
            if status.id not in table.rows:
                continue
            if status.status not in colours:
                colours[status.status] = self._colour(status.status)
            label = Text(status.status.label, style=colours[status.status])
            table.update_cell(status.id, "status", label, update_width=True)
            table.update_cell(status.id, "evidence", cell(status.evidence))
            self._shown[(status.kind, status.id)] = shown
            self._evidence[status.id] = f"{status.status.label}: {status.evidence}"
            refit.add(table)
        for changed in refit:
            if isinstance(changed, FitTable):
                changed.fit()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: its evidence in full (the table cuts it to the width)."""
        event.stop()
        row_id = event.row_key.value or ""
        cells = event.data_table.get_row(event.row_key)
        self.app.push_screen(TextModal(f"{cells[0]} ({row_id})",
                                       self._evidence.get(row_id, "UNKNOWN: not measured yet")))

    def _colour(self, status: Status) -> str:
        variables = self.app.get_css_variables()
        # Muted theme colours carry alpha (#E0E0E099), which a Rich style cannot parse:
        # blend them over the background into a plain colour.
        colour = (Color.parse(variables.get("background", "black"))
                  + Color.parse(variables[_STYLE[status]])).hex
        return f"{_TEXT_STYLE.get(status, 'bold')} {colour}".strip()


def _table(kind: str, title: str, headers: list[str],
           rows: list[tuple[str, ...]]) -> FitTable:
    """A table titled in its top border, so scrolling it into view shows the title too."""
    table = FitTable("evidence", minimum=16, id=f"{kind}-table", cursor_type="row",
                     zebra_stripes=True)
    table.border_title = title
    for header in headers:
        table.add_column(header, key=header.lower())
    for row_id, *cells in rows:
        table.add_row(*map(Text, cells), Text("UNKNOWN"), cell("not measured yet"), key=row_id)
    return table


class ObjectivesScreen(FastResumeScreen):
    """Every objective of the plan with its live status: one key from the dashboard."""

    def __init__(self, plan: Plan, banner: Widget) -> None:
        super().__init__(id="objectives-screen")
        self.banner = banner
        self.view = ObjectivesView(plan)
        """Created up front so statuses can be handed to it before the screen is shown."""

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield self.banner
        yield self.view
        yield KeyBar()
