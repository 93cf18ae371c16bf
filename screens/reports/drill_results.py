"""The end of a drill: per RTO objective, the time achieved against the target.

Computed from the journal (``drill_results``), so the numbers are the ones the DR test
report will print; an objective no step counted against says so instead of "met".
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from console.incident.clocks import ObjectiveResult
from console.judge.units import format_span


def results_text(results: list[ObjectiveResult]) -> str:
    lines = ["Drill results: RTO achieved (declaration to last step) vs target",
             f"{'Objective':<30} {'Target':>6} {'Achieved':>8}  Verdict"]
    for r in results:
        if r.achieved is None:
            verdict, achieved = "not measured", "-"
        else:
            verdict, achieved = ("MET" if r.met else "MISSED"), format_span(r.achieved)
        lines.append(f"{r.label[:30]:<30} {format_span(r.target):>6} {achieved:>8}  {verdict}")
    return "\n".join(lines)


class DrillResults(Static):
    """Shown on the checklist once a drill is resolved."""

    def show(self, results: list[ObjectiveResult]) -> None:
        self.update(Content(results_text(results)))
