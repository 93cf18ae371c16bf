"""The end of a drill: each objective's measured result against its target.

The same rows as the DR test report (:func:`console.reports.objectives.results`): an RTO
is achieved when the judge saw the service restored (journaled), beside the time to the
last runbook step counting against it; an RPO shows the exposure the judge measured when
the failover was requested. A row with no measurement says so instead of "met".
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from console.incident.clocks import ObjectiveResult
from console.incident.state import IncidentState
from console.journal.events import Event
from console.judge.units import format_span
from console.plan.model import Plan
from console.reports.model import Result
from console.reports.objectives import results as measured_results
from console.reports.render_md import achieved, verdict


def results_text(results: Sequence[Result]) -> str:
    lines = ["Drill results: measured from the disruption (judge) vs target",
             f"{'Objective':<26} {'Kind':<4} {'Target':>6} {'Achieved':>16} {'Steps':>6}  "
             "Verdict"]
    for r in results:
        steps = "-" if r.steps_done is None else format_span(r.steps_done)
        lines.append(f"{_cut(r.label, 26):<26} {r.kind.upper():<4} {format_span(r.target):>6} "
                     f"{_cut(achieved(r), 16):>16} {steps:>6}  {verdict(r)}")
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    """``text`` in ``width`` columns, ending in ``…`` when cut (the report has it whole)."""
    return text if len(text) <= width else text[:width - 1] + "…"


class DrillResults(Static):
    """Shown on the checklist once a drill is resolved."""

    def show_measured(self, plan: Plan, state: IncidentState, events: Sequence[Event]) -> None:
        self.update(Content(results_text(measured_results(plan, state, events))))

    def show(self, results: list[ObjectiveResult]) -> None:
        """The runbook-steps view only (kept for callers without the journal's events)."""
        rows = [Result("rto", r.objective_id, r.label, r.target, r.achieved, r.met,
                       "runbook steps", r.achieved) for r in results]
        self.update(Content(results_text(rows)))
