"""The Textual application, and the one ``make_app()`` factory the CLI and tests share.

This is the only module of ``console`` allowed to import Textual (import-linter enforces
it). It wires the monitor (sources, poller, objectives) to the screens: the poller runs
on the app's event loop, each reading arrives as a :class:`ReadingReceived` message and
is handed down to the dashboard and the objectives screen (attributes down).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from console.backends.drill_journal import (
    rejoin,
    replay_followed,
    ticket_event,
)
from console.commands.incidents import open_incidents
from console.comms.desk import CommsDesk
from console.comms.secrets import config_secrets
from console.config.models import Mode
from console.config.settings import Settings
from console.errors import InputError
from console.incident.disruption import first_failure
from console.incident.session import READ_ONLY_REASON, IncidentSession, SessionRefused
from console.journal.follow import follow
from console.journal.read import read_journal
from console.judge.verdicts import LiveState
from console.live.readings import Freshness, Reading
from console.plan import Plan
from console.reports.measures import pending_measures
from console.shell.runtime import Runtime, build_runtime
from screens.checklist.pick import QuitModal
from screens.checklist.screen import ChecklistScreen
from screens.comms.screen import CommsScreen
from screens.contacts.screen import ContactsScreen
from screens.dashboard.screen import DASHBOARD_STYLESHEET, DashboardScreen
from screens.maintenance.screen import MaintenanceScreen
from screens.modals.classify import ClassifyModal
from screens.modals.declare import Declaration, DeclareModal
from screens.modals.resume import ResumeChoice, ResumeModal
from screens.objectives.screen import ObjectivesScreen
from screens.palette.host import PaletteApp
from screens.reports.preview import ReportScreen
from screens.widgets.mode_banner import BannerStatus, ModeBanner
from services.drill import ActionTicket, DrillEnvironment
from services.operations import Operations
from themes import STYLESHEET, THEMES


@dataclass
class ReadingReceived(Message):
    """A source was polled; its latest reading (fresh or stale)."""

    reading: Reading[Any]

    def can_replace(self, message: Message) -> bool:
        """A newer reading supersedes a queued one: the handler renders the monitor's latest
        state, so a burst of readings costs one render, not one each."""
        return isinstance(message, ReadingReceived)


class RecoveryConsoleApp(PaletteApp):
    """erlmcp Recovery Console."""

    live: reactive[LiveState | None] = reactive(None, init=False, always_update=True,
                                                repaint=False)
    """The latest readings and the judge's verdicts: the one state every screen renders.
    Setting it repaints nothing itself (a full-screen repaint per reading): the panes that
    changed repaint themselves."""

    CSS_PATH: ClassVar = [STYLESHEET, DASHBOARD_STYLESHEET]
    TITLE = "erlmcp Recovery Console"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave the console"),
        Binding("d", "show('dashboard')", "Dashboard", id="dashboard",
                tooltip="Sites, replication, backups and events"),
        Binding("o", "show('objectives')", "Objectives", id="objectives",
                tooltip="Every RTO/RPO/SLA with its live status and evidence"),
        Binding("c", "show('checklist')", "Checklist", id="checklist",
                tooltip="The incident's guided checklist with RTO clocks"),
        Binding("m", "show('comms')", "Messages", id="comms", show=False,
                tooltip="Draft, copy and send the plan's messages, filled from the incident"),
        Binding("p", "show('contacts')", "People", id="contacts", show=False,
                tooltip="Contacts and who to call for this severity and step"),
        Binding("e", "show('report')", "Report", id="report", show=False,
                tooltip="Preview and write the incident's report (a drill's DR test report)"),
        Binding("u", "show('maintenance')", "Upkeep", id="maintenance", show=False,
                tooltip="Maintenance calendar: verifications, test restores, reviews due"),
        Binding("i", "declare", "Incident", id="declare",
                tooltip="Declare (then classify) an incident"),
        Binding("F", "plays", "Plays", id="plays", show=False,
                tooltip="Run a play of the plan: failover, rollback (to the end)"),
        Binding("t", "next_theme", "Theme", id="theme",
                tooltip="Cycle dark, light and high-contrast themes"),
        Binding("colon", "jump", "Go to", key_display=":", id="jump", show=False,
                tooltip="Jump to a screen by name (:checklist)"),
        Binding("question_mark", "toggle_help", "Help", key_display="?", id="help",
                tooltip="Show or hide the key bindings"),
    ]

    def __init__(self, runtime: Runtime, *, autostart: bool = True,
                 resume: Path | None = None, follow: Path | None = None) -> None:
        super().__init__()
        self.runtime = runtime
        self.settings = settings = runtime.settings
        self.plan = plan = runtime.plan
        # Here, before any screen mounts: set in on_mount, the theme restyled every widget of
        # the dashboard a second time before the first paint.
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[settings.theme.value].name
        self.autostart = autostart
        self.sub_title = f"{plan.plan.title} {plan.plan.version}"
        self.monitor, self.drill = runtime.monitor, runtime.drill
        self.monitor.listen(self._forward)
        if self.drill is not None:
            self.drill.on_action(self._drill_acted)
        self.monitor.disruption = self._rto_start
        self._banners: list[ModeBanner] = []
        self.desk = CommsDesk(settings, plan)
        """Messages, channels, PagerDuty and the update cadence (console.comms)."""
        self.context = runtime.context
        self.session: IncidentSession | None = None
        """The incident being worked (or watched); None until declared or resumed."""
        self._offer_resume = resume is None and follow is None
        if follow is not None:
            self.session = IncidentSession.watch(self.context, follow)
        elif resume is not None:  # raises InputError before the TUI starts: exit 2
            self.session = IncidentSession.resume(self.context, resume)

    def _banner(self) -> ModeBanner:
        banner = ModeBanner(self.settings.mode, f"{self.plan.plan.id} {self.plan.plan.version}",
                            self.settings.operator_name(),
                            self.drill.scenario.name if self.drill is not None else None)
        self._banners.append(banner)
        return banner

    def _refresh_banners(self) -> None:
        """Drill clock and stale sources, on every banner (one per screen)."""
        stale = tuple(sorted(name for name, reading in self.monitor.poller.latest.items()
                             if reading.freshness is Freshness.STALE))
        elapsed = None
        if self.drill is not None:
            elapsed = self.monitor.clock.now() - self.drill.started_at
        due = None
        if self.session is not None and self.session.state.id:
            due = self.desk.update_due_in(self.session.events, self.monitor.clock.now())
        live = self.live
        status = BannerStatus(elapsed, self.settings.drill.speed, stale, due,
                              overdue_tasks=len(live.verdicts.overdue) if live else 0)
        for banner in self._banners:
            banner.status = status

    async def on_mount(self) -> None:
        self.install_screen(DashboardScreen(self.plan, self.monitor.clock, self._banner()),
                            "dashboard")
        self.install_screen(ObjectivesScreen(self.plan, self._banner()), "objectives")
        self.install_screen(MaintenanceScreen(self._banner()), "maintenance")
        self.checklist = ChecklistScreen(self.monitor.clock, self._banner())
        self.install_screen(self.checklist, "checklist")
        self.checklist.session = self.session
        self.comms = CommsScreen(self.desk, self._banner())
        self.contacts = ContactsScreen(self.plan, self._banner())
        self.report = ReportScreen(self.plan, self._banner(), config_secrets(self.settings),
                                   self.settings.journal_dir / "reports")
        for name, screen in (("comms", self.comms), ("contacts", self.contacts),
                             ("report", self.report)):
            screen.session = self.session
            self.install_screen(screen, name)
        await self.push_screen("dashboard")
        self._refresh_banners()
        if self.session is not None:
            await self.switch_screen("checklist")
            if self.session.follower:
                self.run_worker(self._follow(self.session), group="follow")
        elif self._offer_resume and self.settings.mode is not Mode.READ_ONLY:
            self._offer_open_incident()
        if self.autostart:
            self.set_interval(1.0, self._tick)
            self.call_after_refresh(self._start_polling)

    def _start_polling(self) -> None:
        """Poll once the dashboard is painted: it shows at once, every source pending (never
        green) until it answers, instead of waiting for a burst of first readings."""
        self.run_worker(self.monitor.poller.run(), name="poller", group="poller",
                        exclusive=True, exit_on_error=False)

    async def on_unmount(self) -> None:
        await self.monitor.stop()  # the poller, and the sources' watches and connections
        if self.session is not None:
            self.session.close()

    def _tick(self) -> None:
        self._journal_measures()
        self._refresh_banners()
        if self.session is not None:  # journaled actions and notes, in the event log
            dashboard = self.get_screen("dashboard")
            assert isinstance(dashboard, DashboardScreen)
            dashboard.show_journal(self.session.events)
        if self.screen is self.checklist:
            self.checklist.refresh_view()

    # -- incidents ----------------------------------------------------------------------

    def _offer_open_incident(self) -> None:
        drill = self.drill is not None  # a drill console carries on drills, a real one not
        found = [s for s in open_incidents(self.settings.journal_dir) if s.drill is drill]
        if found:
            self.push_screen(ResumeModal(found[0], len(found) - 1),
                             callback=lambda choice: self._resume_chosen(found[0].path, choice))

    def _resume_chosen(self, path: Path, choice: ResumeChoice | None) -> None:
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

    FOLLOW_RETRY_S: ClassVar[tuple[float, ...]] = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
    """Waits before following again after an error; after the last, following stops."""

    async def _follow(self, session: IncidentSession) -> None:
        """Apply what another console appends to the watched journal, live.

        An error (journal removed, a line that is not an event) must not take the watcher's
        dashboard down: it is reported and following resumes after a growing wait, a
        bounded number of times in a row.
        """
        assert session.path is not None
        failures = 0
        while True:
            try:
                async for event in follow(session.path, after_seq=session.state.last_seq):
                    failures = 0
                    if session.apply(event):
                        replay_followed(self.drill, event)
                        self.checklist.refresh_view()
            except Exception as exc:  # any failure: report it, keep the TUI up
                if failures >= len(self.FOLLOW_RETRY_S):
                    self.notify(f"following stopped for good: {exc}",
                                title="Journal", severity="error", timeout=60)
                    return
                wait = self.FOLLOW_RETRY_S[failures]
                failures += 1
                self.notify(f"following stopped: {exc} (retrying in {wait:g} s)",
                            title="Journal", severity="error")
                await asyncio.sleep(wait)

    def action_plays(self) -> None:
        """The plays window: failover or rollback run to the end, with live progress."""
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
        if self.session is not None:
            self.session.record_drill_action(ticket_event(ticket))

    def _classified(self, severity: str | None) -> None:
        if severity and self.session is not None:
            try:
                self.session.classify(severity)
            except SessionRefused as exc:
                self.notify(str(exc), severity="error")
        self.checklist.set_session(self.session)
        self.call_later(self.action_show, "checklist")

    def _forward(self, reading: Reading[Any]) -> None:
        self.post_message(ReadingReceived(reading))

    def on_reading_received(self, message: ReadingReceived) -> None:
        self.live = self.monitor.live()

    def watch_live(self, live: LiveState | None) -> None:
        """Hand the one live state down to every screen that renders it."""
        if live is None or not self.is_screen_installed("dashboard"):
            return
        dashboard = self.get_screen("dashboard")
        assert isinstance(dashboard, DashboardScreen)
        dashboard.show_live(live)
        objectives = self.get_screen("objectives")
        assert isinstance(objectives, ObjectivesScreen)
        objectives.view.show_statuses(live.verdicts.objectives)
        self.comms.verdicts = live.verdicts
        self._journal_measures()
        self._refresh_banners()
        if self.screen is self.checklist:
            self.checklist.refresh_view()

    def _journal_measures(self) -> None:
        """Journal the judge's changed RTO/RPO verdicts (and the RPO exposure when a
        failover is requested) while an incident is open: reports measure from them.
        Then let PagerDuty follow the incident (a worker: a slow channel never blocks)."""
        session, live = self.session, self.live
        if session is None or live is None or session.read_only:
            return
        state = session.state
        if not state.id:
            return
        try:
            if not state.resolved:
                for event in pending_measures(self.plan, session.events, live.verdicts):
                    session.record(event)
        except (SessionRefused, InputError, OSError) as exc:
            self.notify(f"measurement not journaled: {exc}", severity="error")
            return
        if self.desk.pages_due(session):
            self.run_worker(self.desk.follow_pager(session, live.verdicts), group="pager",
                            exit_on_error=False)

    async def action_show(self, name: str) -> None:
        if self.screen is not self.get_screen(name):
            await self.switch_screen(name)

    async def action_quit(self) -> None:
        """Leave; with an incident open, ask first (``q`` again quits). The journal keeps
        everything either way, and ``recovery-console resume`` reopens it."""
        session = self.session
        state = session.state if session is not None else None
        if (session is None or state is None or not state.id or state.resolved
                or session.read_only or isinstance(self.screen, QuitModal)):
            self.exit()
            return
        self.push_screen(QuitModal(state.id), callback=self._quit_answered)

    def _quit_answered(self, choice: str | None) -> None:
        if choice == QuitModal.QUIT:
            self.exit()

    def action_next_theme(self) -> None:
        names = [theme.name for theme in THEMES.values()]
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]

    def action_toggle_help(self) -> None:
        """The screen's keys and the legend of its abbreviations (``?`` again closes)."""
        from screens.modals.help import HelpModal

        if isinstance(self.screen, HelpModal):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpModal(self.screen))


def make_app(settings: Settings, plan: Plan, *, drill: DrillEnvironment | None = None,
             autostart: bool = True, resume: Path | None = None, follow: Path | None = None,
             operations: Operations | None = None) -> RecoveryConsoleApp:
    """Build the console app on :func:`~console.shell.runtime.build_runtime` (used by the CLI
    and tests).

    Tests pass a drill environment on a frozen clock and ``autostart=False``, then poll
    once themselves, so every snapshot is deterministic. ``resume`` reopens a journal to
    carry on; ``follow`` watches one read-only, live (a drill journal brings its drill).
    ``operations`` replaces what actions act through (a lab in tests).
    """
    runtime = build_runtime(settings, plan, drill=drill, journal=resume or follow,
                            operations=operations)
    return RecoveryConsoleApp(runtime, autostart=autostart, resume=resume, follow=follow)
