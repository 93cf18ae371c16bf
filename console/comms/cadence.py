"""When the next update is due: the time the last sent message promised.

The plan's templates carry a "Next Update" line; once a message promising one is sent
(``CommsSent.next_update_at``), the banner counts down to it, and past it says overdue,
until the next message is sent or the incident is resolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from console.config.models import CommsSettings
from console.journal.events import CommsSent, Event, Resolved


def update_every(comms: CommsSettings, severity: str | None) -> timedelta | None:
    return None if severity is None else comms.update_every.get(severity)


def update_due(events: Iterable[Event]) -> datetime | None:
    """The next update the latest sent message promised; None once resolved or if none."""
    due: datetime | None = None
    for event in events:
        if isinstance(event, CommsSent) and event.next_update_at is not None:
            due = event.next_update_at
        elif isinstance(event, Resolved):
            return None
    return due


def due_in(due: datetime | None, now: datetime) -> timedelta | None:
    """Time left before the update is due (negative: overdue by that much)."""
    return None if due is None else due - now
