"""The plan's objectives (RTO, RPO, SLA) as tables: the console's first screen.

The dashboard issue adds live status to these rows; for now they show the targets that
every other pane will be measured against.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from console.plan import Plan
from console.plan.durations import format_duration


class ObjectivesView(VerticalScroll):
    """Three tables: recovery time, recovery point, service levels.

    The container itself takes no focus: tab goes straight from table to table, and
    focusing a table scrolls it (title included) into view on a small terminal.
    """

    can_focus = False

    def __init__(self, plan: Plan) -> None:
        super().__init__(id="objectives")
        self.plan = plan

    def compose(self) -> ComposeResult:
        o = self.plan.objectives
        yield _group("rto", "Recovery Time Objectives (RTO)", ["Component", "RTO", "Description"],
                     [(r.component, format_duration(r.target), r.description) for r in o.rto])
        yield _group("rpo", "Recovery Point Objectives (RPO)",
                     ["Component", "RPO", "Description"],
                     [(r.component, format_duration(r.target), r.description) for r in o.rpo])
        yield _group("sla", "Service Level Agreements (SLA)",
                     ["Service", "Availability", "Recovery", "Data loss"],
                     [(s.service, f"{s.availability_pct:g}%", format_duration(s.recovery_time),
                       format_duration(s.data_loss)) for s in o.sla])


def _group(table_id: str, title: str, headers: list[str],
           rows: list[tuple[str, ...]]) -> DataTable[str]:
    """A table titled in its top border, so scrolling it into view shows the title too."""
    table: DataTable[str] = DataTable(id=f"{table_id}-table", cursor_type="row", zebra_stripes=True)
    table.border_title = title
    table.add_columns(*headers)
    table.add_rows(rows)
    return table
