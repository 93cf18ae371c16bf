"""The palette's Textual side: a command provider over the registry, and ``:`` jumps.

Titles carry the key that does the same (``Declare an incident  i``), so the palette also
teaches the keys. Queries that start with ``:`` (or everything in the ``:`` palette) match
screens only, k9s-style: ``:checklist`` then Enter opens the checklist.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from screens.palette.registry import PaletteEntry, PaletteState, entries


@runtime_checkable
class PaletteHost(Protocol):
    """The app as the palette needs it."""

    def palette_state(self) -> PaletteState: ...


def key_for(app: App[Any], entry: PaletteEntry) -> str:
    """The key bound to the entry's action where it runs ('' when none)."""
    node: object = app if entry.target == "app" else app.get_screen(entry.target)
    for cls in type(node).__mro__:
        for binding in vars(cls).get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.action == entry.action:
                return app.get_key_display(binding)
    return ""


async def run_entry(app: App[Any], entry: PaletteEntry) -> None:
    """Run the entry's action where it belongs, as its key would."""
    if entry.target == "app":
        await app.run_action(entry.action)
        return
    await app.run_action(f"show('{entry.target}')")
    await app.screen.run_action(entry.action)


class ConsoleCommands(Provider):
    """Every console action available in the current state, with its key."""

    jumps_only = False

    def _entries(self) -> Iterator[tuple[str, PaletteEntry]]:
        app = self.app
        if not isinstance(app, PaletteHost):
            return
        for entry in entries(app.palette_state()):
            if self.jumps_only and not entry.jump:
                continue
            key = key_for(app, entry)
            yield (f"{entry.title}  {key}" if key else entry.title), entry

    async def discover(self) -> Hits:
        for title, entry in self._entries():
            yield DiscoveryHit(title, partial(run_entry, self.app, entry), help=entry.help)

    async def search(self, query: str) -> Hits:
        jump = query.startswith(":")
        matcher = self.matcher(query.lstrip(":").strip())
        for title, entry in self._entries():
            if jump and not entry.jump:
                continue
            text = entry.title.removeprefix("Go to ") if entry.jump else title
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(run_entry, self.app, entry),
                          help=entry.help)


class JumpCommands(ConsoleCommands):
    """The ``:`` palette: screens by name."""

    jumps_only = True
