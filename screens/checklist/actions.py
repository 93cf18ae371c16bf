"""The checklist's keys: done, skip, fail, note, action, copy, phase navigation, resolve.

A mixin of :class:`screens.checklist.screen.ChecklistScreen`, kept apart so the screen file is
about layout and this one about what each key does. Every change is the session's to
accept or refuse; a refusal (read-only, failing check, missing reason) becomes a
notification that says why nothing happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.actions import Confirmation, OutcomeStatus, PlannedAction
from console.backends.progress import reporting
from console.incident.session import (
    READ_ONLY_REASON,
    CheckFailed,
    IncidentSession,
    SessionRefused,
)
from console.incident.state import IncidentState, PhaseState
from screens.modals.reason import ReasonModal
from screens.widgets.action_progress import ActionProgress

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object


class ChecklistActions(_Base):
    """Key handlers; the screen provides the session, the selection and the rendering."""

    session: IncidentSession | None
    phase_id: str | None
    command_index: int
    _jump_to_next: bool
    _progress_for: str | None = None
    """The step whose action runs now: its progress lines are shown."""

    def refresh_view(self) -> None:
        raise NotImplementedError

    def selected_step_id(self) -> str | None:
        raise NotImplementedError

    def shown_phase(self, state: IncidentState) -> PhaseState | None:
        raise NotImplementedError

    async def confirm(self, planned: PlannedAction) -> Confirmation:
        raise NotImplementedError

    def report_refusal(self, exc: SessionRefused) -> None:
        raise NotImplementedError

    if TYPE_CHECKING:  # provided by PhaseActions, after this mixin in the MRO
        def resolve_with(self, session: IncidentSession, summary: str) -> None: ...

    def _writable(self) -> IncidentSession | None:
        """The session if changes may be tried; otherwise say why not and return None."""
        session = self.session
        if session is None or not session.state.id:
            self.notify("No incident yet: press i to declare one.", severity="warning")
            return None
        if session.read_only:
            self.notify(f"{READ_ONLY_REASON}. Nothing was changed.", title="Read-only",
                        severity="warning")
            return None
        return session

    def _target(self) -> tuple[IncidentSession, str] | None:
        session = self._writable()
        step_id = self.selected_step_id() if session is not None else None
        if session is None or step_id is None:
            return None
        return session, step_id

    def _apply(self, change: object, done: str = "") -> None:
        """Run a session call (a thunk) and re-render; refusals become notifications, and
        ``done`` (what was journaled) confirms a change that shows nowhere else."""
        try:
            assert callable(change)
            change()
        except SessionRefused as exc:
            self.report_refusal(exc)
        else:
            if done:
                self.notify(done)
        self._jump_to_next = True
        self.refresh_view()

    def action_done(self) -> None:
        target = self._target()
        if target is None:
            return
        session, step_id = target
        try:
            session.complete_step(step_id)
        except CheckFailed as exc:
            self.refresh_view()
            self.app.push_screen(
                ReasonModal(f"Check fails: {step_id} cannot be marked done",
                            f"{exc.result.detail}\nOverride only if you know better; the "
                            "reason is journaled.", placeholder="override reason"),
                callback=lambda reason: self._override(session, step_id, reason))
            return
        except SessionRefused as exc:
            self.report_refusal(exc)
        self._jump_to_next = True
        self.refresh_view()

    def _override(self, session: IncidentSession, step_id: str, reason: str | None) -> None:
        if reason:
            self._apply(lambda: session.complete_step(step_id, override_reason=reason))

    def _ask_reason(self, verb: str, call: str) -> None:
        target = self._target()
        if target is None:
            return
        session, step_id = target

        def answered(reason: str | None) -> None:
            if reason:
                self._apply(lambda: getattr(session, call)(step_id, reason))

        self.app.push_screen(ReasonModal(f"{verb} {step_id}", f"Why {verb.lower()} it?",
                                         placeholder="reason (required)"), callback=answered)

    def action_skip(self) -> None:
        self._ask_reason("Skip", "skip_step")

    def action_fail(self) -> None:
        self._ask_reason("Fail", "fail_step")

    def action_note(self) -> None:
        session = self._writable()
        if session is None:
            return
        step_id = self.selected_step_id()
        about = f" on step {step_id}" if step_id else " on the incident"

        def noted(text: str | None) -> None:
            if text:
                self._apply(lambda: session.note(text, step_id),
                            f"Note journaled{about}: {text}")

        self.app.push_screen(ReasonModal(f"Note{about}", f"Add a note{about} to the journal:",
                                         placeholder="what happened, what you decided"),
                             callback=noted)

    def action_resolve(self) -> None:
        session = self._writable()
        if session is None:
            return
        def resolved(text: str | None) -> None:
            if text is not None:
                self.resolve_with(session, text)

        self.app.push_screen(ReasonModal("Resolve the incident", "Summary (optional):",
                                         required=False), callback=resolved)

    def action_run_action(self) -> None:
        target = self._target()
        if target is None:
            return
        session, step_id = target
        if session.plan_step(step_id).action is None:
            self.notify(f"{step_id} has no action: run its commands by hand.")
            return
        if session.running_action is not None:
            self.notify(f"An action is already running: {session.running_action}. "
                        "Wait for its outcome.", title="Nothing started", severity="warning")
            return
        # Never exclusive: a second key press must not cancel a promote or a DNS change in
        # flight (it carries on server-side); the session refuses a second action instead.
        self.run_worker(self._run_action(session, step_id), exclusive=False, group="action",
                        exit_on_error=False)

    async def _run_action(self, session: IncidentSession, step_id: str) -> None:
        self._progress_for = step_id
        try:
            with reporting(lambda line: self._progressed(step_id, line)):
                outcome = await session.run_action(step_id, self.confirm)
        except SessionRefused as exc:  # JournalUnavailable too: nothing was called
            self.report_refusal(exc)
            self.refresh_view()
            return
        finally:
            self._progress_for = None
            for bar in self.query(ActionProgress):
                bar.remove()
        ok = outcome.status is OutcomeStatus.SUCCEEDED
        first = outcome.detail.splitlines()[0] if outcome.detail else ""
        self.notify(f"{outcome.action} {outcome.status.value}: {first}",
                    severity="information" if ok else "warning")
        if outcome.unrecorded is not None:
            self.notify(f"{outcome.action} {outcome.unrecorded}", title="Journal unavailable",
                        severity="error", timeout=60)
        self.refresh_view()

    def _progressed(self, step_id: str, line: str) -> None:
        """From the running action: post, never render here (posting does not block it)."""
        self.post_message(ActionProgress.Progressed(step_id, line))

    def on_action_progress_progressed(self, message: ActionProgress.Progressed) -> None:
        """The running action's newest progress line, on one line above the keys."""
        if message.step_id != self._progress_for:
            return  # it ended while the line was queued
        bars = self.query(ActionProgress)
        bar = bars.first() if bars else None
        if bar is None:
            bar = ActionProgress(message.step_id)
            self.mount(bar)
        bar.show(message.line)

    def action_copy_command(self) -> None:
        step_id = self.selected_step_id()
        if self.session is None or step_id is None:
            return
        commands = self.session.plan_step(step_id).commands
        if not commands:
            self.notify(f"{step_id} has no command to copy.")
            return
        command = commands[self.command_index % len(commands)]
        self.app.copy_to_clipboard(command)
        self.notify(f"Copied: {command}", title="Clipboard (OSC 52)")

    def action_next_command(self) -> None:
        step_id = self.selected_step_id()
        if self.session is not None and step_id is not None:
            count = len(self.session.plan_step(step_id).commands)
            self.command_index = (self.command_index + 1) % max(1, count)
            self.refresh_view()

    def action_phase(self, delta: int) -> None:
        if self.session is None:
            return
        state = self.session.state
        shown = self.shown_phase(state)
        ids = [p.id for p in state.phases]
        if shown is None or not ids:
            return
        index = max(0, min(len(ids) - 1, ids.index(shown.id) + delta))
        self.phase_id = ids[index]
        self._jump_to_next = True
        self.refresh_view()
