"""The "backups" source: every store polled at once, folded into one snapshot.

One failing or hung store must not blank the others, so a store's failure becomes an
``error`` on its own entries while the snapshot stays good; only the per-store deadline
bounds the poll. Overdue judgement stays with the console, which knows the schedule.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from services.backups_common import BackupStore, ComponentSchedule, Listing
from services.clock import Clock, SystemClock
from services.executor import run_blocking
from services.models import BackupEntry, BackupSnapshot
from services.sources import SourceError


def describe(exc: BaseException) -> str:
    """One line for a pane: typed source errors speak for themselves."""
    if isinstance(exc, SourceError):
        return str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


class BackupsSource:
    """Polls every backup store concurrently for the newest backup of each component."""

    name = "backups"

    def __init__(self, stores: Sequence[BackupStore], components: Sequence[ComponentSchedule],
                 clock: Clock | None = None, timeout_s: float = 10.0) -> None:
        self.stores = tuple(stores)
        self.components = tuple(components)
        self.clock: Clock = clock or SystemClock()
        self.timeout_s = timeout_s

    async def _scan(self, store: BackupStore, now: datetime) -> list[BackupEntry]:
        try:
            listings: list[Listing] = await run_blocking(
                store.scan, self.components, now, timeout_s=self.timeout_s)
        except Exception as exc:  # any store failure is data about that store
            error = describe(exc)
            return [BackupEntry(component=c.component_id, target=store.target_id, error=error)
                    for c in self.components]
        return [listing.to_entry() for listing in listings]

    async def poll(self) -> BackupSnapshot:
        """One snapshot: component x target entries, in the order components were given."""
        now = self.clock.now()
        per_store = await asyncio.gather(*(self._scan(s, now) for s in self.stores))
        by_key = {(e.component, e.target): e for entries in per_store for e in entries}
        ordered = tuple(by_key[(c.component_id, s.target_id)]
                        for c in self.components for s in self.stores
                        if (c.component_id, s.target_id) in by_key)
        return BackupSnapshot(observed_at=now, entries=ordered)
