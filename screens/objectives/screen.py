"""The plan's objectives (RTO, RPO, SLA) with their live status and the evidence behind it.

Targets come from the plan; status and evidence from ``console.judge.objectives``, pushed
in by the app after every reading. UNKNOWN is drawn as unknown, never as met.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header

from console.judge.objectives import ObjectiveStatus, Status
from console.plan import Plan
from console.plan.durations import format_duration

_STYLE = {Status.MET: "text-success", Status.AT_RISK: "text-warning",
          Status.BREACHED: "text-error", Status.UNKNOWN: "foreground-muted"}
"""Theme variables only, so no theme can draw a breach in green."""
_LABEL = {Status.MET: "MET", Status.AT_RISK: "AT RISK", Status.BREACHED: "BREACHED",
          Status.UNKNOWN: "UNKNOWN"}


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
        for status in self._pending:
            table = self.query_one(f"#{status.kind}-table", DataTable)
            if status.id not in table.rows:
                continue
            label = Text(_LABEL[status.status], style=self._colour(status.status))
            table.update_cell(status.id, "status", label, update_width=True)
            table.update_cell(status.id, "evidence", status.evidence, update_width=True)

    def _colour(self, status: Status) -> str:
        variables = self.app.get_css_variables()
        colour = variables.get(_STYLE[status], "")
        return f"bold {colour}".strip() if status is not Status.UNKNOWN else f"italic {colour}"


def _table(kind: str, title: str, headers: list[str],
           rows: list[tuple[str, ...]]) -> DataTable[str | Text]:
    """A table titled in its top border, so scrolling it into view shows the title too."""
    table: DataTable[str | Text] = DataTable(id=f"{kind}-table", cursor_type="row",
                                             zebra_stripes=True)
    table.border_title = title
    for header in headers:
        table.add_column(header, key=header.lower())
    for row_id, *cells in rows:
        table.add_row(*cells, Text("UNKNOWN"), "not measured yet", key=row_id)
    return table


class ObjectivesScreen(Screen[None]):
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
        yield Footer()
