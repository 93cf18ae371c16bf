"""A hung NAS holds at most one pool thread, and DNS calls never queue behind it."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from services.backups.common import ComponentSchedule, Listing
from services.backups.nas import NasBackupStore
from services.backups.source import BackupsSource
from services.executor import MAX_WORKERS, run_blocking
from tests.services.backups.test_source import COMPONENTS, nas_with_backups


class DeadNfsStore(NasBackupStore):
    """A NAS whose scan blocks (os.walk on a dead NFS mount) until ``release`` is set."""

    def __init__(self, path: Path, release: threading.Event) -> None:
        super().__init__(path, "dead-nas")
        self.release = release
        self.started = 0
        self._lock = threading.Lock()

    def scan(self, components: Sequence[ComponentSchedule], now: datetime) -> list[Listing]:
        with self._lock:
            self.started += 1
        self.release.wait(30)
        return super().scan(components, now)


async def test_hung_store_is_not_rescanned_and_dns_pool_stays_free(tmp_path: Path) -> None:
    release = threading.Event()
    (tmp_path / "dead").mkdir()
    (tmp_path / "good").mkdir()
    dead = DeadNfsStore(tmp_path / "dead", release)
    good = nas_with_backups(tmp_path / "good")
    source = BackupsSource([dead, good], COMPONENTS, timeout_s=0.2)
    try:
        first = await source.poll()
        assert all("timeout after 0.2s" in (e.error or "") for e in first.entries
                   if e.target == "dead-nas")
        for _ in range(MAX_WORKERS + 2):
            snapshot = await source.poll()
            dead_entries = [e for e in snapshot.entries if e.target == "dead-nas"]
            assert dead_entries and all(
                (e.error or "").startswith("previous scan still running for ")
                for e in dead_entries)
            assert all(e.error is None and e.latest_at is not None
                       for e in snapshot.entries if e.target == "nas")
        assert dead.started == 1  # one stuck thread, not one per poll
        # A Route53-like call on its own pool completes whatever the backups pool holds.
        assert await run_blocking(sum, [1, 2], timeout_s=1.0, pool="dns") == 3
    finally:
        release.set()
    # Once the scan ends, the store is scanned again.
    for _ in range(50):
        if not source._running:
            break
        threading.Event().wait(0.05)
    again = await source.poll()
    assert all(e.error is None for e in again.entries), again.entries
    assert dead.started == 2
