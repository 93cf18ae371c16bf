"""The Textual application, and the one ``make_app()`` factory the CLI and tests share.

This is the only module of ``console`` allowed to import Textual (import-linter enforces
it): it wires loaded settings and plan into screens and owns app-wide key bindings.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header

from console.plan import Plan
from console.settings import Settings
from screens.mode_banner import ModeBanner
from screens.objectives import ObjectivesView
from themes import STYLESHEET, THEMES


class RecoveryConsoleApp(App[int]):
    """erlmcp Recovery Console."""

    CSS_PATH = STYLESHEET
    TITLE = "erlmcp Recovery Console"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave the console"),
        Binding("t", "next_theme", "Theme", id="theme",
                tooltip="Cycle dark, light and high-contrast themes"),
        Binding("question_mark", "toggle_help", "Help", key_display="?", id="help",
                tooltip="Show or hide the key bindings"),
    ]

    def __init__(self, settings: Settings, plan: Plan) -> None:
        super().__init__()
        self.settings = settings
        self.plan = plan
        self.sub_title = f"{plan.plan.title} {plan.plan.version}"

    def on_mount(self) -> None:
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[self.settings.theme.value].name

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield ModeBanner(self.settings.mode, f"{self.plan.plan.id} {self.plan.plan.version}",
                         self.settings.operator_name())
        yield ObjectivesView(self.plan)
        yield Footer()

    def action_next_theme(self) -> None:
        names = [theme.name for theme in THEMES.values()]
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


def make_app(settings: Settings, plan: Plan) -> RecoveryConsoleApp:
    """Build the console app from loaded settings and plan (used by the CLI and tests)."""
    return RecoveryConsoleApp(settings, plan)
