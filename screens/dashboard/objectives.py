"""The dashboard's objectives pane: every RTO/RPO/SLA row, its status and the evidence.

One line per objective, worst first is tempting but would make rows jump while the
operator reads them; plan order is kept and the colour carries the status. NOT MONITORED
and GAP rows are drawn neutral (INFO): neither is a live problem, and neither is green.
"""

from __future__ import annotations

from collections.abc import Iterable

from console.judge.objectives import ObjectiveStatus, Status
from console.plan import Plan
from console.plan.durations import format_duration
from screens.style import Level
from screens.widgets.state_lines import Line, StateLines

_LEVELS = {Status.MET: Level.OK, Status.AT_RISK: Level.AT_RISK,
           Status.BREACHED: Level.BREACHED, Status.UNKNOWN: Level.UNKNOWN,
           Status.NOT_MONITORED: Level.INFO, Status.GAP: Level.INFO}
_STATES = {Status.MET: "OK", Status.NOT_MONITORED: "NOT MON"}
"""The state word where it differs from the status label (the column is 8 wide)."""
_LABEL_WIDTH = 24


class ObjectivesPane(StateLines):
    """Live status of each objective of the plan (details on the objectives screen, ``o``);
    one widget, a line per objective, each cut with … where the pane is narrow."""

    can_focus = True

    def __init__(self, plan: Plan) -> None:
        o = plan.objectives
        rows = [("rto", r.id, r.component, r.target) for r in o.rto]
        rows += [("rpo", r.id, r.component, r.target) for r in o.rpo]
        rows += [("sla", s.id, s.service, s.recovery_time) for s in o.sla]
        super().__init__({
            f"objective-{kind}-{row_id}": Line(
                _line(kind, label, format_duration(target), "UNKNOWN", "not measured"),
                Level.UNKNOWN)
            for kind, row_id, label, target in rows}, id="objectives-pane")
        self.border_title = "Objectives"
        self.plan = plan

    def show_statuses(self, statuses: Iterable[ObjectiveStatus]) -> None:
        """Update each objective's line (kept for later if the pane is not mounted yet)."""
        lines = {}
        for status in statuses:
            key = f"objective-{status.kind}-{status.id}"
            if key in self.lines:
                state = _STATES.get(status.status, status.status.label)
                lines[key] = Line(_line(status.kind, status.label,
                                        format_duration(status.target), state, status.evidence),
                                  _LEVELS[status.status])
        self.show_lines(lines)


def _line(kind: str, label: str, target: str, state: str, evidence: str) -> str:
    label = label[:_LABEL_WIDTH].ljust(_LABEL_WIDTH)
    return f"{kind.upper()} {label} {target:>4} {state:<8} {evidence}"
