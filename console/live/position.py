"""When a PostgreSQL primary's WAL position last advanced: history only the live layer has.

The judge is pure over the latest readings and an adapter sees one poll at a time, but
what a failover loses spans from the standby's last receipt to the primary's last write,
and the last write is a matter of history: a primary whose ``current_lsn`` has not moved
for minutes (crashed, corrupt, idle) wrote nothing in those minutes. So the poller carries,
with each reading, the ``observed_at`` of the first snapshot that showed the current
position (:attr:`console.live.readings.Reading.advanced_at`): an upper bound on when it
last advanced, so the span it yields is never shorter than the truth.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from console.live.readings import Reading
from services.models import PostgresSnapshot


def position_of(snapshot: object) -> tuple[int, str] | None:
    """The WAL position a snapshot reports (timeline, ``current_lsn``), or None. The
    timeline is part of it: a promoted or restored server starts a new history."""
    if not isinstance(snapshot, PostgresSnapshot) or snapshot.current_lsn is None:
        return None
    return snapshot.timeline, snapshot.current_lsn


def advanced_at(previous: Reading[Any], snapshot: object) -> datetime | None:
    """When ``snapshot``'s position last advanced, given the reading before it: the time
    already recorded if the position is the one ``previous`` knew (its own snapshot, or
    what an earlier console recorded), else ``snapshot``'s own observation time."""
    position = position_of(snapshot)
    if position is None:
        return None
    before = previous.snapshot if previous.snapshot is not None else previous.remembered
    if previous.advanced_at is not None and position_of(before) == position:
        return previous.advanced_at
    assert isinstance(snapshot, PostgresSnapshot)
    return snapshot.observed_at
