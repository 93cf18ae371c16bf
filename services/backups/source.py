"""The "backups" source: every store polled at once, folded into one snapshot.

One failing or hung store must not blank the others, so a store's failure becomes an
``error`` on its own entries while the snapshot stays good; only the per-store deadline
bounds the poll. A store whose previous scan is still running (a hung NAS) is not scanned
again until it ends: its entries say so, and it holds at most one pool thread.
Overdue judgement stays with the console, which knows the schedule.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import datetime

from services.backups.common import BackupStore, ComponentSchedule, Listing
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
        self._running: dict[int, float] = {}
        """Store index -> monotonic start of its scan, while its thread still runs."""

    def _failed(self, store: BackupStore, error: str) -> list[BackupEntry]:
        return [BackupEntry(component=c.component_id, target=store.target_id, error=error)
                for c in self.components]

    async def _scan(self, index: int, store: BackupStore, now: datetime) -> list[BackupEntry]:
        started = self._running.get(index)
        if started is not None:  # a hung scan (dead NFS) must not pile up threads
            return self._failed(store, "previous scan still running for "
                                f"{time.monotonic() - started:.0f}s")
        self._running[index] = time.monotonic()

        def scan() -> list[Listing]:
            try:
                return store.scan(self.components, now)
            finally:  # in the worker thread, whenever the scan really ends
                self._running.pop(index, None)

        try:
            listings = await run_blocking(scan, timeout_s=self.timeout_s)
        except Exception as exc:  # any store failure is data about that store
            return self._failed(store, describe(exc))
        return [listing.to_entry() for listing in listings]

    async def poll(self) -> BackupSnapshot:
        """One snapshot: component x target entries, in the order components were given."""
        now = self.clock.now()
        per_store = await asyncio.gather(
            *(self._scan(i, s, now) for i, s in enumerate(self.stores)))
        by_key = {(e.component, e.target): e for entries in per_store for e in entries}
        ordered = tuple(by_key[(c.component_id, s.target_id)]
                        for c in self.components for s in self.stores
                        if (c.component_id, s.target_id) in by_key)
        return BackupSnapshot(observed_at=now, entries=ordered)
