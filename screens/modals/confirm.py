"""The confirmation every action passes: what exactly will be called, where, and what
stands in the way.

Blocking gates are not a dead end (the operator may know better: the primary is
unreachable, not writable) but passing one needs the target site's name typed and a
reason, which the journal keeps. A destructive action (promote, DNS change, scale to 0,
restore) needs the site's name typed too: Enter alone never confirms one. The modal
states exactly what changes (calls, DNS old -> new, the RPO exposure now) and the step's
earlier attempt, if it did not plainly succeed. Escape always cancels (journaled too).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from console.actions import Confirmation, GateLevel, PlannedAction
from screens.style import Level
from screens.widgets.state_line import StateLine

_GATE_LEVEL = {GateLevel.OK: Level.OK, GateLevel.WARNING: Level.AT_RISK,
               GateLevel.BLOCKING: Level.BREACHED}


class ConfirmActionModal(ModalScreen[Confirmation]):
    """Dismisses with the operator's :class:`Confirmation`."""

    DEFAULT_CSS = """
    ConfirmActionModal { align: center middle; }
    ConfirmActionModal > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    ConfirmActionModal .modal-title { text-style: bold; }
    ConfirmActionModal #confirm-call { text-style: bold; color: $text-warning; }
    ConfirmActionModal .modal-error { color: $error; }
    ConfirmActionModal StateLine.-ok { color: $text-success; }
    ConfirmActionModal StateLine.-warn { color: $text-warning; }
    ConfirmActionModal StateLine.-bad { color: $text-error; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="confirm-cancel"),
        Binding("enter", "confirm", "Confirm", id="confirm-ok"),
    ]

    def __init__(self, planned: PlannedAction, step_title: str) -> None:
        super().__init__()
        self.planned = planned
        self.step_title = step_title

    def compose(self) -> ComposeResult:
        planned = self.planned
        with Vertical():
            yield Static(Content(f"Run the action of '{self.step_title}'?"),
                         classes="modal-title")
            yield Static(Content(planned.description), id="confirm-call")
            for line in planned.details:
                yield Static(Content(f"  {line}"), classes="confirm-detail")
            if planned.earlier:
                yield StateLine(f"  {planned.earlier}", Level.AT_RISK)
            yield Static(f"Safety gates ({len(planned.gates)}):" if planned.gates
                         else "Safety gates: none apply to this action")
            for gate in planned.gates:
                yield StateLine(f"  {gate.level.value.upper()}: {gate.message}",
                                _GATE_LEVEL[gate.level])
            if planned.blocking:
                yield Static("A blocking gate stands: say why you go ahead (journaled).")
                yield Input(placeholder="override reason (required)", id="override-reason")
            if planned.needs_site_name:
                yield Static(Content(f"Type the site's name, {planned.site_name}, to confirm:"))
                yield Input(placeholder=planned.site_name, id="confirm-site")
                yield Static("Enter confirms once the name is typed; Escape cancels")
            else:
                yield Static("Enter confirms and runs it now; Escape cancels")
            yield Static("", id="confirm-error", classes="modal-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field confirms once the field holds every key typed before
        it (a priority Enter binding ran ahead of queued keys: a pasted site
        name, then Enter, was refused as mistyped)."""
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        planned, error = self.planned, self.query_one("#confirm-error", Static)
        reason = typed = None
        if planned.blocking:
            reason = self.query_one("#override-reason", Input).value.strip()
            if not reason:
                error.update("Blocked: an override reason is required to go ahead.")
                return
        if planned.needs_site_name:
            typed = self.query_one("#confirm-site", Input).value.strip()
            if typed != planned.site_name:
                error.update(Content(f"Type {planned.site_name} exactly to confirm "
                                     "(nothing was run)."))
                self.query_one("#confirm-site", Input).focus()
                return
        self.dismiss(Confirmation(confirmed=True, override_reason=reason, typed_site=typed))

    def action_cancel(self) -> None:
        self.dismiss(Confirmation(confirmed=False))
