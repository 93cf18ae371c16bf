"""The app's side of the palette: the state it offers commands for, and the few actions
only the palette (and ``:``) needs: choose a theme, open a site's details, start a play.

A base class of the console's App rather than more lines in ``console/shell/app.py``.
It also tells the key bar which keys cannot act in the current mode, so the bar hides
them (pressed anyway, their actions say why).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.command import CommandPalette

from console.config.modes import Mode
from screens.palette.provider import ConsoleCommands, JumpCommands
from screens.palette.registry import PaletteState
from screens.widgets.plain_notify import PlainNotifyApp
from themes import THEMES

if TYPE_CHECKING:  # loaded once the frame is drawn (console.shell.app): light to import
    from console.config.settings import Settings
    from console.incident.session import IncidentSession
    from console.plan import Plan

MUTATING_KEYS = frozenset({"declare", "plays", "step-done", "step-skip", "step-fail", "note",
                           "step-action", "resolve", "open-phase", "reclassify"})
"""Binding ids that change the incident or a system: nothing a read-only console can do."""
NO_STORES = "no backup store to read (a drill's are simulated)"


class PaletteApp(PlainNotifyApp):
    """Command palette and ``:`` jumps over :mod:`screens.palette.registry`."""

    COMMANDS: ClassVar = {ConsoleCommands}
    """Only the console's commands: Textual's theme picker (its 20 themes) and its
    Screenshot entry (which cannot save from a terminal) are not offered."""

    settings: Settings
    plan: Plan
    session: IncidentSession | None

    def read_only(self) -> bool:
        return self.settings.mode is Mode.READ_ONLY or (
            self.session is not None and self.session.read_only)

    def can_verify_backups(self) -> bool:
        """Whether backup stores can be verified from here (the app says; none by default)."""
        return False

    def key_refusal(self, binding: Binding) -> str | None:
        """Why ``binding`` cannot act now (the key bar leaves such keys out)."""
        if binding.id in MUTATING_KEYS and self.read_only():
            from console.incident.session import READ_ONLY_REASON

            return READ_ONLY_REASON
        if binding.id == "verify-backups" and not self.can_verify_backups():
            return NO_STORES
        return None

    def screen_names(self) -> tuple[tuple[str, str], ...]:
        """Screens a key shows: (name, its tooltip)."""
        found = []
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action.startswith("show('"):
                name = binding.action.removeprefix("show('").removesuffix("')")
                if self.is_screen_installed(name):
                    found.append((name, binding.tooltip or binding.description))
        return tuple(found)

    def palette_state(self) -> PaletteState:
        from services.models import Site

        state = self.session.state if self.session is not None else None
        open_incident = state is not None and bool(state.id) and not state.resolved
        screens = self.screen_names()
        current = next((name for name, _ in screens if self.get_screen(name) is self.screen),
                       "")
        return PaletteState(
            screen=current, screens=screens, read_only=self.read_only(),
            incident=open_incident,
            classified=open_incident and state is not None and state.severity is not None,
            plays=tuple((i, play.title) for i, play in enumerate(self.plan.plays)),
            sites=tuple(site.value for site in Site),
            themes=tuple((theme.name, key) for key, theme in THEMES.items()),
            verify_backups=self.can_verify_backups())

    def action_jump(self) -> None:
        """``:`` then a screen's name (k9s-style)."""
        if not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(providers=[JumpCommands],
                                            placeholder=":screen  (dashboard, checklist, ...)"))

    def action_set_theme(self, name: str) -> None:
        if name in {theme.name for theme in THEMES.values()}:
            self.theme = name

    async def action_site_details(self, site: str) -> None:
        from screens.dashboard.site_card import SiteCard
        from services.models import Site

        await self.run_action("show('dashboard')")
        self.get_screen("dashboard").post_message(SiteCard.DetailsRequested(Site(site)))

    async def action_play(self, index: int) -> None:
        """The plays window with play ``index`` chosen (the window asks the rest)."""
        from screens.modals.play import PlayModal

        await self.run_action("plays")
        screen = self.screen
        if isinstance(screen, PlayModal):
            self.call_after_refresh(screen.action_choose, index)
