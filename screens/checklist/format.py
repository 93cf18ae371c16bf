"""What the checklist says about phases, steps, checks and RTO budgets: text only.

Kept apart from the widgets so every wording and every level decision is in one place
and readable without Textual: the screen only places these strings, and a level's CSS
class is the only way colour reaches it (theme variables, never literal colours).
"""

from __future__ import annotations

from datetime import timedelta

from console.actions import CheckResult
from console.actions.describe import describe
from console.incident.clocks import IncidentClocks, Level
from console.incident.interrupted import shown
from console.incident.state import IncidentState, PhaseState, PhaseStatus, StepState, StepStatus
from console.judge.units import format_span
from console.plan.model import Plan
from console.plan.runbook import Step
from screens.style import Level as LineLevel

STEP_MARKS = {StepStatus.PENDING: "[ ]", StepStatus.ACTIVE: "[>]", StepStatus.DONE: "[x]",
              StepStatus.SKIPPED: "[-]", StepStatus.FAILED: "[!]"}
PHASE_MARKS = {PhaseStatus.PENDING: " ", PhaseStatus.ACTIVE: ">", PhaseStatus.COMPLETE: "x"}
BUDGET_CLASSES = {Level.OK: "-ok", Level.WARNING: "-warning", Level.BREACHED: "-breached"}
BAR_WIDTH = 20


def clock_text(span: timedelta) -> str:
    """``1:02:03``: the incident clock, hours unbounded (an incident can outlast a day)."""
    seconds = max(0, int(span.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def progress(phase: PhaseState) -> tuple[int, int]:
    """(finished, total) steps of ``phase``."""
    return sum(s.finished for s in phase.steps), len(phase.steps)


def phase_line(phase: PhaseState, index: int, selected: bool, clocks: IncidentClocks) -> str:
    done, total = progress(phase)
    spent = next((c.spent for c in clocks.phases if c.phase_id == phase.id), timedelta(0))
    pointer = ">" if selected else " "
    timer = f" {format_span(spent)}" if phase.started_at is not None else ""
    # Steps done first: on a narrow pane the line is cut at its end, never the count.
    return (f"{pointer}{index}. [{PHASE_MARKS[phase.status]}] {done}/{total} {phase.title}"
            f"{timer}")


def header_line(state: IncidentState, clocks: IncidentClocks, plan: Plan) -> str:
    """Severity, the incident clock (and the time since the disruption, which the RTO clocks
    count from), what comes next, then the title and the id: one line, cut at its end on a
    narrow terminal, so what matters at a glance comes first."""
    parts = []
    if state.severity:
        label = next((c.label for c in plan.classification if c.severity == state.severity), "")
        parts.append(f"{state.severity} {label}".strip())
    clock = f"T+{clock_text(clocks.elapsed)}"
    if clocks.since_disruption - clocks.elapsed >= timedelta(seconds=1):
        clock += f" down {clock_text(clocks.since_disruption)}"  # what the RTOs count
    parts.append(clock)
    if state.resolved:
        parts.append("RESOLVED")
    elif state.next_step:
        step = state.step(state.next_step)
        parts.append(f"next: {step.title if step else state.next_step}")
    elif state.severity is None:
        parts.append("not classified yet")
    parts += [state.title, state.id]
    return " | ".join(p for p in parts if p)


def owner_name(plan: Plan, role: str) -> str:
    """The person to call for ``role`` (the plan's contact), or the role if none is named."""
    return next((c.name for c in plan.contacts if c.role == role), role)


def owner_line(plan: Plan, role: str) -> str:
    """``Owner: Bob Johnson +1-555-0105 (dba)``: who to call for this step, and their role."""
    person = next((c for c in plan.contacts if c.role == role), None)
    if person is None:
        return f"Owner: {role}"
    return f"Owner: {person.name} {person.phone} ({role})"


def step_status_text(step: StepState) -> str:
    text = step.status.value.upper()
    if step.reason:
        text += f": {step.reason}"
    if step.override_reason:
        text += f" (check overridden: {step.override_reason})"
    if step.who:
        text += f" - {step.who}"
    return text


def check_line(step: StepState, live: CheckResult | None) -> tuple[str, LineLevel]:
    """The step's check: live while the step is open, as journaled once it is finished."""
    if step.finished and step.check is not None:
        ok: bool | None = step.check.ok
        detail = step.check.detail
        prefix = "Check (recorded)"
    elif live is not None:
        ok, detail, prefix = live.ok, live.detail, "Check"
    else:
        return "Check: none for this step", LineLevel.INFO
    level = (LineLevel.OK if ok else LineLevel.UNKNOWN if ok is None else LineLevel.BREACHED)
    state = "OK" if ok else "UNKNOWN" if ok is None else "FAILING"
    return f"{prefix} {state}: {detail}", level


def budget_line(step: StepState, clocks: IncidentClocks, plan: Plan) -> tuple[str, str, float]:
    """(text, CSS class, fraction of budget left) for the step's RTO objective."""
    objective = clocks.objective(step.objective) if step.objective else None
    if objective is None:
        return "RTO: this step counts against no objective", "-none", 0.0
    left = objective.remaining
    word = "left" if left >= timedelta(0) else "OVER"
    target = format_span(objective.budget)
    spent = next((c.spent for c in clocks.steps if c.step_id == step.id), timedelta(0))
    text = (f"RTO {objective.label} ({target}): {format_span(abs(left))} {word}"
            f" | step {format_span(spent)}")
    remaining = max(0.0, 1.0 - objective.fraction)
    return text, BUDGET_CLASSES[objective.level], remaining


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "#" * filled + "." * (width - filled)


def action_text(step: Step, state: StepState, writer_alive: bool = True) -> str:
    """``Action (a): <exactly what is called>``, then how its last run ended (a run cut
    off by a console that died is "interrupted — outcome unknown", not "confirmed")."""
    if step.action is None:
        return ""
    text = f"Action (a): {describe(step.action)}"
    if state.actions:
        last = state.actions[-1]
        outcome = last.output or last.error or last.reason
        first = outcome.splitlines()[0] if outcome else ""
        label = shown(last, writer_alive).upper()
        text += f"\n  last run: {label}" + (f": {first}" if first else "")
    return text
