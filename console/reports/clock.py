"""The clock an incident's own time runs on, for a command that opens its journal later.

A drill's journal is stamped in simulated time; a headless ``comms send`` or ``report``
stamping or measuring it in real time would put a message years before the events around
it, or measure an open drill to the wrong moment. So a drill continues from its declaration
(``at + (now - wall_at) * speed``, never before the journal's last event), as a console
resuming it would; a real incident runs on real time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from console.backends.drill_journal import declaration, simulated_now
from console.journal.events import Event
from services.clock import Clock, SystemClock
from services.drill import DrillClock


def journal_clock(events: Sequence[Event], speed: float, *,
                  wall_now: datetime | None = None) -> Clock:
    """``events``' clock; ``speed`` is used only when the declaration does not record one."""
    declared = declaration(events)
    if declared is None or not declared.drill:
        return SystemClock()
    speed = declared.speed or speed
    return DrillClock(simulated_now(events, speed, wall_now or datetime.now(UTC)), speed)
