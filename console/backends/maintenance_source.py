"""The maintenance journal, polled like a backend: verifications, handovers, tasks done.

``backups verify``, ``backups test-restore`` and ``maintenance done`` may run in another
process (cron, another operator) while the console is open, so the console re-reads the
journal on an interval instead of being told. The read is a local file, done off the
event loop; a journal that cannot be read becomes a stale reading with its reason, so
the calendar and the verified marks say UNKNOWN instead of "never done".
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from console.errors import InputError
from console.journal.events import BackupsVerified, Event, TapeHandover
from console.live.maintenance import (
    MAINTENANCE,
    Handover,
    MaintenanceSnapshot,
    Verification,
    VerifiedFact,
)
from console.maintenance.calendar import done_records
from console.maintenance.journal import read_events
from services.clock import Clock
from services.sources import BadAnswer, Unreachable


def fold(events: Sequence[Event], clock: Clock) -> MaintenanceSnapshot:
    """The facts the judge needs: the last verification, every handover, what was done."""
    last = next((e for e in reversed(events) if isinstance(e, BackupsVerified)), None)
    verification = None
    if last is not None and last.at is not None:
        verification = Verification(at=last.at, cells=tuple(
            VerifiedFact(component=c.component, target=c.target, status=c.status,
                         reason=c.reason, newest_key=c.newest_key,
                         newest_created_at=c.newest_created_at) for c in last.cells))
    handovers = tuple(Handover(target=e.target, at=e.handed_over_at or e.at)
                      for e in events if isinstance(e, TapeHandover) and e.at is not None)
    return MaintenanceSnapshot(observed_at=clock.now(), verification=verification,
                               handovers=handovers, done=tuple(done_records(events)))


class MaintenanceSource:
    """Reads ``<journal_dir>/maintenance/`` on each poll."""

    name = MAINTENANCE

    def __init__(self, journal_dir: Path, clock: Clock) -> None:
        self.journal_dir = journal_dir
        self.clock = clock

    def _read(self) -> MaintenanceSnapshot:
        try:
            return fold(read_events(self.journal_dir), self.clock)
        except InputError as exc:
            raise BadAnswer(f"maintenance journal: {exc.message}") from None
        except OSError as exc:
            raise Unreachable(f"maintenance journal: {exc.strerror or exc}") from None

    async def poll(self) -> MaintenanceSnapshot:
        return await asyncio.to_thread(self._read)
