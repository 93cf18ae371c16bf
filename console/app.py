"""The Textual application, and the one ``make_app()`` factory the CLI and tests share.

This is the only module of ``console`` allowed to import Textual (import-linter enforces
it). It wires the monitor (sources, poller, objectives) to the screens: the poller runs
on the app's event loop, each reading arrives as a :class:`ReadingReceived` message and
is handed down to the dashboard and the objectives screen (attributes down).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

from console.monitor import build_monitor
from console.plan import Plan
from console.readings import Freshness, Reading
from console.settings import Settings
from screens.dashboard import DASHBOARD_STYLESHEET, DashboardScreen
from screens.mode_banner import BannerStatus, ModeBanner
from screens.objectives import ObjectivesScreen
from services.drill import DrillEnvironment
from themes import STYLESHEET, THEMES


@dataclass
class ReadingReceived(Message):
    """A source was polled; its latest reading (fresh or stale)."""

    reading: Reading[Any]


class RecoveryConsoleApp(App[int]):
    """erlmcp Recovery Console."""

    CSS_PATH: ClassVar = [STYLESHEET, DASHBOARD_STYLESHEET]
    TITLE = "erlmcp Recovery Console"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave the console"),
        Binding("d", "show('dashboard')", "Dashboard", id="dashboard",
                tooltip="Sites, replication, backups and events"),
        Binding("o", "show('objectives')", "Objectives", id="objectives",
                tooltip="Every RTO/RPO/SLA with its live status and evidence"),
        Binding("t", "next_theme", "Theme", id="theme",
                tooltip="Cycle dark, light and high-contrast themes"),
        Binding("question_mark", "toggle_help", "Help", key_display="?", id="help",
                tooltip="Show or hide the key bindings"),
    ]

    def __init__(self, settings: Settings, plan: Plan, *,
                 drill: DrillEnvironment | None = None, autostart: bool = True) -> None:
        super().__init__()
        self.settings = settings
        self.plan = plan
        self.autostart = autostart
        self.sub_title = f"{plan.plan.title} {plan.plan.version}"
        self.monitor, self.drill = build_monitor(settings, plan, self._forward, drill=drill)
        self._banners: list[ModeBanner] = []

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
        status = BannerStatus(elapsed, self.settings.drill.speed, stale)
        for banner in self._banners:
            banner.status = status

    async def on_mount(self) -> None:
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[self.settings.theme.value].name
        self.install_screen(DashboardScreen(self.plan, self.monitor.clock, self._banner()),
                            "dashboard")
        self.install_screen(ObjectivesScreen(self.plan, self._banner()), "objectives")
        await self.push_screen("dashboard")
        self._refresh_banners()
        if self.autostart:
            self.set_interval(1.0, self._refresh_banners)
            await self.monitor.poller.start()

    async def on_unmount(self) -> None:
        await self.monitor.poller.stop()

    def _forward(self, reading: Reading[Any]) -> None:
        self.post_message(ReadingReceived(reading))

    def on_reading_received(self, message: ReadingReceived) -> None:
        dashboard = self.get_screen("dashboard")
        assert isinstance(dashboard, DashboardScreen)
        dashboard.show_reading(message.reading)
        objectives = self.get_screen("objectives")
        assert isinstance(objectives, ObjectivesScreen)
        statuses = self.monitor.objectives()
        objectives.view.show_statuses(statuses)
        dashboard.show_objectives(statuses)
        self._refresh_banners()

    async def action_show(self, name: str) -> None:
        if self.screen is not self.get_screen(name):
            await self.switch_screen(name)

    def action_next_theme(self) -> None:
        names = [theme.name for theme in THEMES.values()]
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


def make_app(settings: Settings, plan: Plan, *, drill: DrillEnvironment | None = None,
             autostart: bool = True) -> RecoveryConsoleApp:
    """Build the console app (used by the CLI and tests).

    Tests pass a drill environment on a frozen clock and ``autostart=False``, then poll
    once themselves, so every snapshot is deterministic.
    """
    return RecoveryConsoleApp(settings, plan, drill=drill, autostart=autostart)
