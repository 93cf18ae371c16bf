"""When did each watched thing start failing? Remembered across polls.

RTO clocks need the start of an outage, and a single snapshot cannot say it: a health
check that fails right now says nothing of the last ten minutes. The tracker notes the
first failing reading of each source and forgets it when the source is healthy again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from console.live.readings import Reading
from services.models import HealthSnapshot, Snapshot

WATCHED_PREFIXES = ("health/", "postgres/")


def is_failing(reading: Reading[Snapshot]) -> bool:
    """A reading that shows its source down: no answer, a partial error, or unhealthy."""
    if reading.error is not None:
        return True
    snapshot = reading.snapshot
    if snapshot is None:
        return False
    if snapshot.error is not None:
        return True
    return isinstance(snapshot, HealthSnapshot) and not snapshot.ok


class DowntimeTracker:
    """Per source, the time of the first failing reading of the current outage.

    That is when the console *saw* it fail, which is what an operator's RTO clock can
    honestly start from; the incident journal will refine it with the declared time.
    """

    def __init__(self) -> None:
        self._since: dict[str, datetime] = {}

    def observe(self, reading: Reading[Snapshot]) -> None:
        if not reading.source.startswith(WATCHED_PREFIXES) or reading.checked_at is None:
            return
        if is_failing(reading):
            self._since.setdefault(reading.source, reading.checked_at)
        else:
            self._since.pop(reading.source, None)

    @property
    def down_since(self) -> Mapping[str, datetime]:
        return dict(self._since)

