"""The Textual application, and the one ``make_app()`` factory the CLI and tests share.

With its base classes :mod:`screens.app.backups` (verify backups),
:mod:`screens.app.feed` (readings, the followed journal, the tick) and
:mod:`screens.app.incident` (declare, classify, resume, plays, quit), the only
modules of ``console`` allowed to import Textual (import-linter enforces it). This one
holds the keys, installs the screens and builds the app: the monitor's readings reach the
dashboard and the objectives screen as :class:`ReadingReceived` (attributes down).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType

from console.comms.desk import CommsDesk
from console.comms.secrets import config_secrets
from console.config.models import Mode
from console.config.settings import Settings
from console.incident.session import IncidentSession
from console.plan import Plan
from console.shell.runtime import Runtime, build_runtime
from screens.app.backups import BackupsApp
from screens.app.feed import ReadingReceived
from screens.checklist.screen import ChecklistScreen
from screens.comms.screen import CommsScreen
from screens.contacts.screen import ContactsScreen
from screens.dashboard.screen import DASHBOARD_STYLESHEET, DashboardScreen
from screens.maintenance.screen import MaintenanceScreen
from screens.objectives.screen import ObjectivesScreen
from screens.reports.preview import ReportScreen
from services.drill import DrillEnvironment
from services.operations import Operations
from themes import STYLESHEET, THEMES

__all__ = ["ReadingReceived", "RecoveryConsoleApp", "make_app"]


class RecoveryConsoleApp(BackupsApp):
    """erlmcp Recovery Console."""

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
        Binding("b", "verify_backups", "Verify", id="verify-backups", show=False,
                tooltip="Verify the newest backups in every store (backups verify), in the "
                        "background"),
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
        self._banners = []
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

    async def on_unmount(self) -> None:
        self._restore_gc()
        await self.monitor.stop()  # the poller, and the sources' watches and connections
        if self.session is not None:
            self.session.close()

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
