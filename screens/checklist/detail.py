"""The selected step: owner, state, live check, action, RTO budget, commands, guidance.

One widget so the checklist screen only hands it a :class:`StepView` (attributes down).
One fact per line, so nothing wraps into the next at 80x24: the owner (whom to call) has
its own line, and each command stays on one line (cut with ``…``; ``v`` shows the step in
full). Commands are listed with the selected one marked, because ``y`` copies that one.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from console.actions import CheckResult
from console.incident.clocks import IncidentClocks
from console.incident.state import LogEntry, StepState
from console.plan.model import Plan
from console.plan.runbook import Step
from screens.checklist.format import (
    bar,
    budget_line,
    check_line,
    owner_line,
    step_status_text,
)
from screens.widgets.state_line import StateLine


@dataclass(frozen=True)
class StepView:
    """Everything the detail pane shows for one step."""

    plan: Plan
    step: Step
    state: StepState
    clocks: IncidentClocks
    live_check: CheckResult | None
    command_index: int = 0
    action_text: str = ""
    notes: tuple[LogEntry, ...] = ()
    """The incident's notes (journal order): this step's are shown with it, and the
    newest notes on the incident as a whole after them."""


class StepDetail(VerticalScroll):
    """Right-hand pane of the checklist."""

    can_focus = False

    def compose(self) -> ComposeResult:
        # Imported here: markdown-it costs ~70 ms, paid when the checklist opens, not at start.
        from textual.widgets import Markdown

        yield Static(id="step-title")
        yield Static(id="step-owner")
        yield Static(id="step-meta")
        yield StateLine(id="step-check")
        yield Static(id="step-action")
        yield Static(id="step-rto")
        yield Static(id="step-commands")
        yield Static(id="step-notes")
        yield Markdown(id="step-guidance")

    view: StepView | None = None
    """What is shown now (``v`` opens it in full)."""

    def show(self, view: StepView | None) -> None:
        self.view = view
        if view is None:
            self.query_one("#step-title", Static).update("No step selected")
            return
        step, state = view.step, view.state
        self.query_one("#step-title", Static).update(Content(step.title))
        self.query_one("#step-owner", Static).update(Content(owner_line(view.plan, step.owner)))
        self.query_one("#step-meta", Static).update(Content(
            f"{step_status_text(state)} | {step.id}"))
        text, level = check_line(state, view.live_check)
        self.query_one("#step-check", StateLine).show(text, level)
        action = view.action_text or ("Action: none (mark it done by hand)" if step.action is None
                                      else "")
        self.query_one("#step-action", Static).update(Content(action))
        rto_text, css, left = budget_line(state, view.clocks, view.plan)
        rto = self.query_one("#step-rto", Static)
        rto.update(Content(rto_text if css == "-none" else f"{rto_text}\n[{bar(left)}]"))
        for name in ("-ok", "-warning", "-breached", "-none"):
            rto.set_class(name == css, name)
        self.query_one("#step-commands", Static).update(Content(_commands(step,
                                                                          view.command_index)))
        notes = notes_lines(view)
        shown = self.query_one("#step-notes", Static)
        shown.update(Content("\n".join(notes)))
        shown.display = bool(notes)  # no blank line where there are no notes
        from textual.widgets import Markdown

        self.query_one("#step-guidance", Markdown).update(step.guidance or "_No guidance._")


def _commands(step: Step, selected: int) -> str:
    if not step.commands:
        return "Commands: none"
    lines = ["Commands (y copy >, x next, v in full):"]
    for index, command in enumerate(step.commands):
        lines.append(f"{'>' if index == selected else ' '} $ {command}")
    return "\n".join(lines)


INCIDENT_NOTES_SHOWN = 3
"""Notes on the incident as a whole shown under a step: the newest; all are in the
journal, the Events pane and the report."""


def notes_lines(view: StepView) -> list[str]:
    """``Notes on this step (2):`` and ``Incident notes:``, each ``HH:MM operator: text``."""
    mine = [n for n in view.notes if n.step == view.step.id]
    general = [n for n in view.notes if n.step is None][-INCIDENT_NOTES_SHOWN:]
    lines: list[str] = []
    if mine:
        lines.append(f"Notes on this step ({len(mine)}):")
        lines += [_note(n) for n in mine]
    if general:
        lines.append("Incident notes (newest):")
        lines += [_note(n) for n in general]
    return lines


def _note(entry: LogEntry) -> str:
    when = entry.at.strftime("%H:%M") if entry.at is not None else "--:--"
    who = f" {entry.operator}" if entry.operator else ""
    return f"  {when}{who}: {entry.text}"


def in_full(view: StepView) -> str:
    """The step as ``v`` shows it: every line the pane cuts, whole."""
    step, state = view.step, view.state
    check, _level = check_line(state, view.live_check)
    parts = [owner_line(view.plan, step.owner), f"{step_status_text(state)} | {step.id}", check]
    if view.action_text:
        parts.append(view.action_text)
    parts.append(budget_line(state, view.clocks, view.plan)[0])
    if step.commands:
        parts.append("Commands:")
        parts.extend(f"{'>' if i == view.command_index else ' '} $ {command}"
                     for i, command in enumerate(step.commands))
    parts += notes_lines(view)
    if step.guidance:
        parts.extend(("", step.guidance.strip()))
    return "\n".join(parts)
