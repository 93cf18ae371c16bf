"""The dashboard's log of state changes, newest last, capped so a long incident stays light.

Each line remembers what it is about (the reading it came from, the fact's subject), so
Enter on a line asks the screen for that source's details (a message up). ``/`` filters
the lines: every word typed must appear in the line or its kind (``change``, ``source``,
``journal``, ``console``), so ``journal`` keeps the operators' actions, ``postgres dr``
the lines about that node. Up and down move a cursor; at the newest line it follows new
ones, elsewhere it stays where the operator put it.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, NamedTuple

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

MAX_EVENTS = 200
KINDS = ("change", "source", "journal", "console")
"""A judged fact changed; a source stopped or resumed answering; an incident journal
event; something this console did (a verification run)."""


class Entry(NamedTuple):
    """One line of the log."""

    at: datetime
    text: str
    kind: str = "change"
    source: str | None = None
    """The reading the line is about (``cluster/primary``, ``backups``...), if any."""
    subject: str = ""
    """The fact that changed (``backup postgres-full in nas``), if any."""


def matches(entry: Entry, query: str) -> bool:
    """Whether every word of ``query`` is in the entry's kind, source or text."""
    haystack = f"{entry.kind} {entry.source or ''} {entry.text}".lower()
    return all(word in haystack for word in query.lower().split())


class EventLog(Widget):
    """Timestamped lines; shows as many of the newest (or around the cursor) as fit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details", id="event-details",
                tooltip="The details of the source this line is about"),
        Binding("slash", "filter", "Filter", key_display="/", id="event-filter",
                tooltip="Keep the lines with these words (or a kind: change, source, "
                        "journal, console); empty shows all"),
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("home", "move(-1000000)", show=False),
        Binding("end", "move(1000000)", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"event-log--cursor"}

    can_focus = True
    entries: reactive[tuple[Entry, ...]] = reactive(())
    filter_text: reactive[str] = reactive("")
    """The filter (empty: every line)."""

    class DetailsRequested(Message):
        """Enter on a line: the screen opens the details of what it is about."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class FilterRequested(Message):
        """``/``: the screen asks for the words to filter by."""

    def __init__(self, max_events: int = MAX_EVENTS) -> None:
        super().__init__(id="events")
        self.border_title = "Events"
        self.max_events = max_events
        self.cursor: int | None = None
        """Index in :meth:`shown` of the selected line (None: follow the newest)."""
        self._top = 0
        """Index in :meth:`shown` of the first line drawn."""

    def record(self, text: str, at: datetime, kind: str = "change",
               source: str | None = None, subject: str = "") -> None:
        """Append one line (dropping the oldest past ``max_events``)."""
        dropped = len(self.entries) + 1 - self.max_events
        self.entries = (*self.entries, Entry(at, text, kind, source, subject))[
            -self.max_events:]
        if self.cursor is not None and dropped > 0:
            self.cursor = max(0, self.cursor - dropped)

    def shown(self) -> list[Entry]:
        """The lines the filter keeps, oldest first."""
        if not self.filter_text:
            return list(self.entries)
        return [entry for entry in self.entries if matches(entry, self.filter_text)]

    def selected(self) -> Entry | None:
        shown = self.shown()
        if not shown:
            return None
        index = len(shown) - 1 if self.cursor is None else min(self.cursor, len(shown) - 1)
        return shown[index]

    def watch_filter_text(self) -> None:
        self.cursor = None
        self.watch_entries()

    def watch_entries(self) -> None:
        """The title says a filter is on, and how many lines it keeps."""
        query = self.filter_text
        self.border_title = (f"Events /{query}: {len(self.shown())} of {len(self.entries)}"
                             if query else "Events")

    def action_move(self, delta: int) -> None:
        shown = self.shown()
        if not shown:
            return
        index = len(shown) - 1 if self.cursor is None else self.cursor
        index = max(0, min(len(shown) - 1, index + delta))
        self.cursor = None if index == len(shown) - 1 else index
        self.refresh()

    def action_details(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.post_message(self.DetailsRequested(entry))

    def action_filter(self) -> None:
        self.post_message(self.FilterRequested())

    def render(self) -> Content:
        shown = self.shown()
        if not shown:
            return Content(f"no line matches /{self.filter_text}" if self.filter_text
                           else "no state changes yet")
        height = max(1, self.content_size.height)
        index = len(shown) - 1 if self.cursor is None else min(self.cursor, len(shown) - 1)
        # The window keeps its place while the cursor moves inside it, scrolls to keep it.
        self._top = max(0, min(self._top, index, len(shown) - height))
        self._top = max(self._top, index - height + 1)
        start = self._top
        cursor_style = self.get_component_rich_style("event-log--cursor", partial=True)
        text = Text(end="")
        for offset, entry in enumerate(shown[start:start + height]):
            if offset:
                text.append("\n")
            selected = self.has_focus and start + offset == index
            text.append(f"{entry.at:%H:%M:%S} {entry.text}", cursor_style if selected else "")
        return Content.from_rich_text(text)
