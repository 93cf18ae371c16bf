"""The checklist's phase keys: open an optional phase, reclassify, resolve with work left.

Each asks what it needs (which phase, which severity, why) and leaves the decision to the
session, which journals it (``PhaseOpened``, ``Classified`` with a reason, ``Resolved``
with the unfinished phases and why): a watcher and a resumed console see the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.incident.session import IncidentSession
from screens.checklist.pick import PickModal
from screens.modals.classify import ClassifyModal
from screens.modals.reason import ReasonModal

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object


class PhaseActions(_Base):
    """Key handlers; the screen provides the session and the rendering."""

    phase_id: str | None

    if TYPE_CHECKING:  # provided by ChecklistActions, before this mixin in the MRO
        def _writable(self) -> IncidentSession | None: ...

        def _apply(self, change: object) -> None: ...

    def action_open_phase(self) -> None:
        session = self._writable()
        if session is None:
            return
        state = session.state
        closed = [p for p in session.ctx.plan.runbook.phases if state.phase(p.id) is None]
        if not closed:
            self.notify("Every phase of the plan is open already.")
            return
        options = [(p.id, f"{p.title}{' (contingency)' if p.optional else ''}")
                   for p in closed]

        def chosen(phase_id: str | None) -> None:
            if phase_id:
                self._ask(f"Open {phase_id}", "Why open it? (journaled)",
                          lambda why: self._opened(session, phase_id, why))

        self.app.push_screen(PickModal("Open a phase", "Phases the severity did not open; "
                                       "Enter opens one, Escape cancels", options),
                             callback=chosen)

    def _opened(self, session: IncidentSession, phase_id: str, why: str) -> None:
        self._apply(lambda: session.open_phase(phase_id, why))
        if session.state.phase(phase_id) is not None:
            self.phase_id = phase_id  # show what was just opened

    def action_reclassify(self) -> None:
        session = self._writable()
        if session is None:
            return
        current = session.state.severity
        if current is None:
            self.notify("Not classified yet: press i to classify.", severity="warning")
            return

        def chosen(severity: str | None) -> None:
            if severity and severity != current:
                self._ask(f"Reclassify {current} -> {severity}",
                          "Why? (journaled; the new severity's phases open, untouched "
                          "ones of the old close)",
                          lambda why: self._apply(lambda: session.classify(severity, why)))
            elif severity:
                self.notify(f"The incident is already {current}.")

        self.app.push_screen(ClassifyModal(
            session.ctx.plan, session.state.title, heading=f"Reclassify (now {current}): "
            f"{session.state.title}", hint="Up/Down to choose, Enter to reclassify (a reason "
            f"follows), Escape keeps {current}"), callback=chosen)

    def _ask(self, title: str, prompt: str, then: object) -> None:
        def answered(reason: str | None) -> None:
            if reason:
                assert callable(then)
                then(reason)

        self.app.push_screen(ReasonModal(title, prompt, placeholder="reason (required)"),
                             callback=answered)

    def resolve_with(self, session: IncidentSession, summary: str) -> None:
        """Resolve; with phases unfinished, first ask why (the session refuses without)."""
        left = session.state.unfinished_phases()
        if not left:
            self._apply(lambda: session.resolve(summary))
            return
        titles = {p.id: p.title for p in session.ctx.plan.runbook.phases}
        self._ask("Resolve with phases unfinished?",
                  f"{len(left)} unfinished: {', '.join(titles.get(p, p) for p in left)}.\n"
                  "Why resolve now? (journaled beside them)",
                  lambda why: self._apply(lambda: session.resolve(summary, why)))
