"""The app's incident actions: declare, classify, resume an open incident, run a play, quit.

A base class of :class:`~console.shell.app.RecoveryConsoleApp` so ``app.py`` keeps only the
wiring (bindings, screens, the factory). Every step goes through
:class:`~console.incident.session.IncidentSession` (journal first, then the screens); this
module only asks the operator (modals) and hands the session to the screens. Like
``app.py`` it may import Textual and screens (import-linter names it beside ``app.py``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from console.config.modes import Mode
from screens.palette.host import PaletteApp

if TYPE_CHECKING:  # loaded once the frame is drawn (console.shell.app): light to import
    from console.backends.monitor import Monitor
    from console.comms.desk import CommsDesk
    from console.incident.context import SessionContext
    from console.incident.session import IncidentSession
    from screens.checklist.screen import ChecklistScreen
    from screens.comms.screen import CommsScreen
    from screens.contacts.screen import ContactsScreen
    from screens.modals.declare import Declaration
    from screens.modals.resume import ResumeChoice
    from screens.reports.preview import ReportScreen
    from services.drill import ActionTicket, DrillEnvironment

class IncidentApp(PaletteApp):
    """Declare, classify, resume, plays and quit; the session handed to every screen."""

    monitor: Monitor
    drill: DrillEnvironment | None
    context: SessionContext
    desk: CommsDesk
    checklist: ChecklistScreen
    comms: CommsScreen
    contacts: ContactsScreen
    report: ReportScreen

    async def action_show(self, name: str) -> None:
        if self.screen is not self.get_screen(name):
            await self.switch_screen(name)

    def _offer_open_incident(self) -> None:
        from console.commands.incidents import open_incidents
        from screens.modals.resume import ResumeModal

        drill = self.drill is not None  # a drill console carries on drills, a real one not
        found = [s for s in open_incidents(self.settings.journal_dir) if s.drill is drill]
        if found:
            self.push_screen(ResumeModal(found[0], len(found) - 1),
                             callback=lambda choice: self._resume_chosen(found[0].path, choice))

    def _resume_chosen(self, path: Path, choice: ResumeChoice | None) -> None:
        from console.backends.drill_journal import rejoin
        from console.errors import InputError
        from console.incident.session import IncidentSession, SessionRefused
        from console.journal.read import read_journal

        if choice == "new":
            self.action_declare()
        elif choice == "resume":
            try:
                refused = None if self.drill is None else rejoin(
                    self.drill, self.settings.drill.speed, read_journal(path).events)
                if refused is not None:
                    raise InputError(path, f"{refused}: open it with recovery-console resume")
                self._set_session(IncidentSession.resume(self.context, path))
            except (InputError, SessionRefused) as exc:
                self.notify(str(exc), title="Cannot resume", severity="error")
                return
            self.call_later(self.action_show, "checklist")

    def _set_session(self, session: IncidentSession) -> None:
        if self.session is not None and self.session is not session:
            self.session.close()
        self.session = session
        self.checklist.set_session(session)
        for screen in (self.comms, self.contacts, self.report):
            screen.session = session

    def action_plays(self) -> None:
        """The plays window: failover or rollback run to the end, with live progress."""
        from console.incident.session import READ_ONLY_REASON

        session = self.session
        if self.settings.mode is Mode.READ_ONLY or (session is not None and session.read_only):
            self.notify(f"{READ_ONLY_REASON}. No play can run.", severity="warning")
            return
        if session is None or not session.state.id:
            self.notify("No incident yet: press i to declare one; a play is journaled in it.",
                        severity="warning")
            return
        from screens.modals.play import PlayModal

        poller = self.monitor.poller

        def refresh() -> None:
            for name in poller.latest:
                poller.refresh(name)

        self.push_screen(PlayModal(session, refresh))

    def action_declare(self) -> None:
        """Declare then classify; on an unclassified open incident, classify it."""
        from console.incident.disruption import first_failure
        from console.incident.session import READ_ONLY_REASON
        from screens.modals.classify import ClassifyModal
        from screens.modals.declare import DeclareModal

        if self.settings.mode is Mode.READ_ONLY:
            self.notify(f"{READ_ONLY_REASON}. Nothing was declared.", severity="warning")
            return
        state = self.session.state if self.session is not None else None
        if state is not None and state.id and not state.resolved:
            if state.severity is None:
                self.push_screen(ClassifyModal(self.plan, state.title), callback=self._classified)
            else:
                self.notify(f"{state.id} is open: resolve it (R on the checklist) first.")
            return
        observed = first_failure(self.monitor.downtime.down_since, self.monitor.poller.latest)
        self.push_screen(DeclareModal(self.drill is not None, self.monitor.clock.now(),
                                      observed), callback=self._declared)

    def _declared(self, declared: Declaration | None) -> None:
        from console.errors import InputError
        from console.incident.session import IncidentSession, SessionRefused
        from screens.modals.classify import ClassifyModal

        if declared is None:
            return
        session = IncidentSession.new(self.context)
        disruption = declared.disruption
        try:
            session.declare(declared.title,
                            disruption_at=disruption.at if disruption else None,
                            disruption_source=disruption.source if disruption else "")
        except (SessionRefused, InputError) as exc:
            self.notify(str(exc), title="Not declared", severity="error")
            return
        self._set_session(session)
        self.push_screen(ClassifyModal(self.plan, declared.title), callback=self._classified)

    def _rto_start(self) -> datetime | None:
        """Where the open incident's RTO clocks start: the same on every screen."""
        state = self.session.state if self.session is not None else None
        return state.rto_start if state is not None and not state.resolved else None

    def _drill_acted(self, ticket: ActionTicket) -> None:
        """Journal what the drill recorded: resume and follow replay it."""
        from console.backends.drill_journal import ticket_event

        if self.session is not None:
            self.session.record_drill_action(ticket_event(ticket))

    def _classified(self, severity: str | None) -> None:
        from console.incident.session import SessionRefused

        if severity and self.session is not None:
            try:
                self.session.classify(severity)
            except SessionRefused as exc:
                self.notify(str(exc), severity="error")
        self.checklist.set_session(self.session)
        self.call_later(self.action_show, "checklist")

    async def action_quit(self) -> None:
        """Leave; with an incident open, ask first (``q`` again quits). The journal keeps
        everything either way, and ``recovery-console resume`` reopens it."""
        from screens.checklist.pick import QuitModal

        session = self.session
        state = session.state if session is not None else None
        if (session is None or state is None or not state.id or state.resolved
                or session.read_only or isinstance(self.screen, QuitModal)):
            self.exit()
            return
        self.push_screen(QuitModal(state.id), callback=self._quit_answered)

    def _quit_answered(self, choice: str | None) -> None:
        from screens.checklist.pick import QuitModal

        if choice == QuitModal.QUIT:
            self.exit()
