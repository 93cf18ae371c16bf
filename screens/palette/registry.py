"""What the command palette offers, as data: entries keyed by screen and state.

Each entry names a Textual action and where it runs (the app, or a screen shown first),
so the palette runs exactly what the key does, gates and confirmations included, and
shows that key beside it. Whoever adds a screen or an action adds its entries here with
:func:`register` (a function of :class:`PaletteState`), and the palette offers them only
when the state allows: nothing it offers fails for being out of place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PaletteState:
    """What decides which entries make sense now (built by the app on each search)."""

    screen: str
    """The current screen's name (``dashboard``, ``checklist``...)."""
    screens: tuple[tuple[str, str], ...]
    """Installed screens: (name, what it shows)."""
    read_only: bool
    incident: bool
    """An incident is open (declared, not resolved)."""
    classified: bool
    plays: tuple[tuple[int, str], ...] = ()
    """The plan's plays: (index in the plays window, title)."""
    sites: tuple[str, ...] = ()
    themes: tuple[tuple[str, str], ...] = ()
    """The console's themes: (Textual theme name, what the operator calls it)."""
    verify_backups: bool = False
    """Backup stores can be verified (configured, and not a drill); read-only may: it reads."""
    extra: dict[str, object] = field(default_factory=dict)
    """Anything a registered source needs besides (keep it small)."""


@dataclass(frozen=True)
class PaletteEntry:
    """One command: its title (searched), help line, and the action it runs."""

    title: str
    help: str
    action: str
    """A Textual action, e.g. ``declare`` or ``show('checklist')``."""
    target: str = "app"
    """``app``, or the screen to show first and run ``action`` on."""
    jump: bool = False
    """A screen to go to: what ``:`` offers."""


Source = Callable[[PaletteState], Iterable[PaletteEntry]]
SOURCES: list[Source] = []


def register(source: Source) -> Source:
    """Add a source of entries (usable as a decorator)."""
    SOURCES.append(source)
    return source


def entries(state: PaletteState) -> Iterator[PaletteEntry]:
    """Every entry the registered sources offer in ``state``."""
    for source in SOURCES:
        yield from source(state)


@register
def _screens(state: PaletteState) -> Iterator[PaletteEntry]:
    for name, what in state.screens:
        if name != state.screen:
            yield PaletteEntry(f"Go to {name}", what, f"show('{name}')", jump=True)


@register
def _incident(state: PaletteState) -> Iterator[PaletteEntry]:
    if state.read_only:
        return
    if not state.incident:
        yield PaletteEntry("Declare an incident", "Title and disruption time, then P1-P4",
                           "declare")
        for _index, title in state.plays:  # what an operator searches for at 3 a.m.
            yield PaletteEntry(f"Play: {title}", "No incident is open: declare it first "
                               "(this opens the dialog), then F runs the play", "declare")
        return
    if not state.classified:
        yield PaletteEntry("Classify the incident", "P1-P4: which runbook phases open",
                           "declare")
    else:
        yield PaletteEntry("Reclassify the incident", "Change P1-P4 (journaled with a reason)",
                           "reclassify", target="checklist")
    yield PaletteEntry("Open a phase", "Open a runbook phase the severity did not open",
                       "open_phase", target="checklist")
    yield PaletteEntry("Run the current step's action", "Gates, then a confirmation",
                       "run_action", target="checklist")
    yield PaletteEntry("Mark the current step done", "Its check must hold (or an override)",
                       "done", target="checklist")
    yield PaletteEntry("Add a note", "Journaled; shown in the checklist and the events",
                       "note", target="checklist")
    yield PaletteEntry("Resolve the incident", "Close it (in a drill: the results)",
                       "resolve", target="checklist")
    for index, title in state.plays:
        yield PaletteEntry(f"Play: {title}", "Run the plan's play to the end, gates first",
                           f"play({index})")


@register
def _views(state: PaletteState) -> Iterator[PaletteEntry]:
    names = {name for name, _ in state.screens}
    if "comms" in names:
        yield PaletteEntry("Draft a message", "The plan's templates, filled from the incident",
                           "show('comms')")
    if "report" in names and state.incident:
        yield PaletteEntry("Write the report", "The incident's report as Markdown and HTML",
                           "write", target="report")
    if state.verify_backups:
        yield PaletteEntry("Verify backups", "Download and check the newest backups in every "
                           "store (backups verify), in the background", "verify_backups")
    for site in state.sites:
        yield PaletteEntry(f"Details of the {site} site", "Not-ready pods, warning events",
                           f"site_details('{site}')")
    for name, label in state.themes:
        yield PaletteEntry(f"Theme: {label}", "The console's themes only", f"set_theme('{name}')")
    yield PaletteEntry("Keys", "Show or hide the key bindings and the legend", "toggle_help")
    yield PaletteEntry("Quit", "Leave the console", "quit")
