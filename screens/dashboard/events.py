"""The dashboard's log of state changes, newest last, capped so a long incident stays light."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

MAX_EVENTS = 200


class EventLog(Widget):
    """Timestamped lines; shows as many of the newest as fit."""

    can_focus = True
    entries: reactive[tuple[tuple[datetime, str], ...]] = reactive(())

    def __init__(self, max_events: int = MAX_EVENTS) -> None:
        super().__init__(id="events")
        self.border_title = "Events"
        self.max_events = max_events

    def record(self, text: str, at: datetime) -> None:
        """Append one state change (dropping the oldest past ``max_events``)."""
        self.entries = (*self.entries, (at, text))[-self.max_events:]

    def render(self) -> Content:
        if not self.entries:
            return Content("no state changes yet")
        height = max(1, self.content_size.height)
        lines = [f"{at:%H:%M:%S} {text}" for at, text in self.entries[-height:]]
        return Content("\n".join(lines))
