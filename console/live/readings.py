"""What the poller hands to the screens: the latest snapshot of a source, and how fresh it is.

A failed or hung poll does not erase what we knew: the reading keeps the last good
snapshot, records the error and when it happened, and reports its age, so a pane can say
"UNKNOWN - no answer for 42s (last good data 1m10s old)" instead of going blank or green.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from services.models import Snapshot
from services.outside import OutsideText

S = TypeVar("S", bound=Snapshot)


class Freshness(StrEnum):
    FRESH = "fresh"
    """The last poll succeeded."""
    STALE = "stale"
    """The last poll failed or timed out; ``snapshot`` is older data, if any."""
    PENDING = "pending"
    """Not polled yet."""


class Reading(BaseModel, Generic[S]):
    """The latest known state of one source."""

    model_config = ConfigDict(frozen=True)

    source: str
    snapshot: S | None = None
    """The last good snapshot (None until one arrives)."""
    checked_at: datetime | None = None
    """When the source was last polled, successfully or not."""
    error: OutsideText | None = None
    """Why the last poll failed (``timeout after 4s``, ``unreachable: ...``); sanitised,
    since it quotes a server's or a library's words."""
    remembered: S | None = None
    """What an earlier console recorded of this source before this one started (the last
    primary WAL position, :mod:`console.live.last_seen`): only for facts that stay true
    after a source goes dark (``last_known``), never this console's own data: it is not
    ``snapshot``, so no age, outage start or pane is drawn from it."""
    advanced_at: datetime | None = None
    """When the WAL position of the snapshot ``last_known`` gives (a PostgreSQL primary's
    ``current_lsn``) last advanced, as far as anyone watched: the ``observed_at`` of the
    first snapshot that showed it (:mod:`console.live.position`). A position that has not
    moved since is a primary that wrote nothing since: the writes a failover loses cannot
    span past it. None: not tracked (not a primary, or a record from before this field)."""

    @property
    def freshness(self) -> Freshness:
        if self.checked_at is None:
            return Freshness.PENDING
        return Freshness.STALE if self.error is not None else Freshness.FRESH

    def age_s(self, now: datetime) -> float | None:
        """Seconds since the last good data was observed; None if there never was any."""
        if self.snapshot is None:
            return None
        return max(0.0, (now - self.snapshot.observed_at).total_seconds())
