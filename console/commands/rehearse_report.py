"""What ``plan rehearse`` prints, and which severity a scenario is rehearsed at.

The per-step lines come first (the operator's view: done, blocked and why, or needs an
override), then the objectives as the judge measured them: RTO from the disruption to the
moment service was restored, RPO as exposed when data moved.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from console.commands.rehearse_model import MEASURED, Rehearsal, RtoResult, Verdict
from console.commands.texttable import render_table
from console.errors import InputError
from console.judge.units import format_span
from console.plan.loader import default_plan_path
from console.plan.model import Plan

MARKS = {Verdict.DONE: "done", Verdict.BLOCKED: "BLOCKED", Verdict.NEEDS_OVERRIDE: "OVERRIDE"}


def severity_for(plan: Plan, scenario: str, plan_file: Path | None) -> str:
    """The severity the plan rehearses ``scenario`` at; InputError (exit 2) if it names none."""
    source = plan_file or default_plan_path()
    for index, entry in enumerate(plan.scenarios):
        if entry.id == scenario:
            if entry.severity is None:
                raise InputError(source, f"scenario {scenario!r} names no severity to "
                                 "rehearse at: add one, or give --severity",
                                 field=f"scenarios[{index}].severity")
            return entry.severity.value
    known = ", ".join(s.id for s in plan.scenarios) or "none"
    raise InputError(source, f"no test scenario {scenario!r} in the plan (it has: {known}); "
                     "give --severity to rehearse it anyway", field="scenarios")


def _span(value: timedelta | None) -> str:
    return "-" if value is None else format_span(value)


def _rto_line(row: RtoResult) -> list[str]:
    met = {None: "-", True: "met", False: "MISSED"}[row.met]
    final = f"{row.final.status.label}: {row.final.evidence}" if row.final else "-"
    measured = row.final is not None and row.final.status in MEASURED
    restored = _span(row.restored_after) if row.seen_down or not measured else "not down"
    return [row.objective_id, _span(row.target), restored,
            _span(row.steps_after), met, final]


def render(result: Rehearsal) -> str:
    seen = (f"first failure seen at T+{format_span(result.disruption_at)}"
            if result.disruption_at is not None else "no failure seen")
    head = (f"rehearsal of plan {result.plan_id}: scenario {result.scenario}, severity "
            f"{result.severity}; {seen}\njournal: {result.incident_id} ({result.journal})\n\n")
    rows = [[f"T+{format_span(s.at)}", MARKS[s.verdict], s.phase, s.step_id, s.detail]
            for s in result.steps]
    steps = render_table("Steps", ["time", "result", "phase", "step", "detail"], rows)
    if result.not_reached:
        steps += f"{result.not_reached} more steps not reached\n"
    rto = render_table("RTO achieved (from the disruption; restored: the judge saw it met "
                       "again)", ["objective", "target", "restored", "steps done", "",
                                  "judge at the end"], [_rto_line(r) for r in result.rto])
    rpo = render_table(f"RPO exposed ({result.rpo_moment})",
                       ["objective", "target", "status", "evidence"],
                       [[o.id, format_span(o.target), o.status.label, o.evidence]
                        for o in result.rpo])
    verdict = ("COMPLETE: every step done with no override" if result.completed
               else "NOT COMPLETE: the plan needs an override or a fix at the step above")
    return "\n".join((head + steps, rto, rpo, verdict)) + "\n"
