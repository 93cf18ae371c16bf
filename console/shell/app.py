"""The Textual application, and the one ``make_app()`` factory the tests share.

With its base classes :mod:`screens.app.backups` (verify backups),
:mod:`screens.app.feed` (readings, the followed journal, the tick) and
:mod:`screens.app.incident` (declare, classify, resume, plays, quit), the only
modules of ``console`` allowed to import Textual (import-linter enforces it). This one
holds the keys, installs the screens and builds the app: the monitor's readings reach the
dashboard and the objectives screen as :class:`ReadingReceived` (attributes down).

The app starts on a :class:`~console.shell.starting.Started` runtime, or on a function
that builds one: then it draws its frame first (:class:`~screens.starting.StartingScreen`)
and builds the runtime in a thread, so the console is on screen at once. That is why the
imports of this module and its base classes are light (Textual and the themes): the
models, judge, SDKs and screens load once the frame is up.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from console.config.modes import Mode
from screens.app.backups import BackupsApp
from screens.app.feed import ReadingReceived
from screens.starting import StartingScreen
from themes import DASHBOARD_STYLESHEET, STYLESHEET, THEMES

if TYPE_CHECKING:
    from console.config.settings import Settings
    from console.plan import Plan
    from console.shell.starting import Started
    from services.drill import DrillEnvironment
    from services.operations import Operations

__all__ = ["ReadingReceived", "RecoveryConsoleApp", "make_app"]

STARTING_ACTIONS = frozenset({"quit"})
"""What a key may do while the runtime is still being built: leave. Nothing else (no
modal left under the dashboard, no theme the config's then overrides)."""


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

    start_error: str | None = None
    """Why the runtime could not be built (bad config or plan): the CLI prints it, exit 2."""
    start_failure: BaseException | None = None
    """Anything else that stopped the build (a bug): the CLI raises it after the app."""

    def __init__(self, start: Started | Callable[[], Started], *,
                 autostart: bool = True) -> None:
        super().__init__()
        # Here, before any screen mounts: set in on_mount, the theme restyled every widget of
        # the dashboard a second time before the first paint.
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES["dark"].name
        self.autostart = autostart
        self._banners = []
        self.session = None
        self._build: Callable[[], Started] | None = None
        if callable(start):
            self._build = start
        else:
            self._take_runtime(start)

    def _take_runtime(self, start: Started) -> None:
        """Take the runtime: settings, plan, monitor, drill, the comms desk, the incident."""
        from console.comms.desk import CommsDesk

        runtime = start.runtime
        self.runtime = runtime
        self.settings = settings = runtime.settings
        self.plan = plan = runtime.plan
        self.theme = THEMES[settings.theme.value].name
        self.sub_title = f"{plan.plan.title} {plan.plan.version}"
        self.monitor, self.drill = runtime.monitor, runtime.drill
        self.monitor.listen(self._forward)
        if self.drill is not None:
            self.drill.on_action(self._drill_acted)
        self.monitor.disruption = self._rto_start
        self.desk = CommsDesk(settings, plan)
        """Messages, channels, PagerDuty and the update cadence (console.comms)."""
        self.context = runtime.context
        self.session = start.session
        """The incident being worked (or watched); None until declared or resumed."""
        self._offer_resume = start.offer_resume

    @property
    def started(self) -> bool:
        """Whether the runtime is built (keys that read the plan act only then)."""
        return self._build is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.started and action not in STARTING_ACTIONS:
            return False
        return super().check_action(action, parameters)

    async def on_mount(self) -> None:
        if self._build is None:
            await self._install()
            return
        await self.push_screen(StartingScreen())
        # After the frame is drawn: started at once, the thread's imports would hold the
        # interpreter while the first frame waits for it. No cyclic collection while it
        # builds (modules, models, the plan: all of it lives as long as the app; the
        # collector walking it cost ~6% of the build), back on once the dashboard is up.
        gc.disable()
        self.call_after_refresh(self.run_worker, self._build, name="start", group="start",
                                thread=True, exit_on_error=False)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The runtime built off the event loop: take it and show the dashboard, or end
        with its one-line error (exit 2) when the config or plan is bad."""
        if event.worker.group != "start" or event.state not in (
                WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if event.state is WorkerState.ERROR:
            gc.enable()
            from console.errors import InputError

            error = event.worker.error or RuntimeError("start-up failed")
            if isinstance(error, InputError):
                self.start_error = str(error)
                self.exit(return_code=2)
            else:  # a bug: raised by the CLI once the terminal is back (Textual's own
                self.start_failure = error  # traceback would print every frame's locals)
                self.exit(return_code=1)
            return
        started = event.worker.result
        assert started is not None
        self._take_runtime(started)
        self._build = None
        await self._install()
        gc.enable()

    async def _install(self) -> None:
        """Install every screen and show the dashboard (or the incident's checklist)."""
        from console.comms.secrets import config_secrets
        from screens.checklist.screen import ChecklistScreen
        from screens.comms.screen import CommsScreen
        from screens.contacts.screen import ContactsScreen
        from screens.dashboard.screen import DashboardScreen
        from screens.maintenance.screen import MaintenanceScreen
        from screens.objectives.screen import ObjectivesScreen
        from screens.reports.preview import ReportScreen

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
        if isinstance(self.screen, StartingScreen):
            await self.switch_screen("dashboard")
        else:
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
        if not self.started:
            gc.enable()
            return  # ended while starting (q, or bad input): nothing runs yet
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
    """Build the console app, its runtime at once (:func:`~console.shell.starting.start`).

    Tests pass a drill environment on a frozen clock and ``autostart=False``, then poll
    once themselves, so every snapshot is deterministic. ``resume`` reopens a journal to
    carry on; ``follow`` watches one read-only, live (a drill journal brings its drill).
    ``operations`` replaces what actions act through (a lab in tests).
    """
    from console.shell.starting import start

    return RecoveryConsoleApp(start(settings, plan, drill=drill, resume=resume, follow=follow,
                                    operations=operations), autostart=autostart)
