"""NAS as a directory tree: mtimes set with os.utime against a frozen clock."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.backups.common import ComponentSchedule, is_overdue
from services.backups.nas import NasBackupStore
from services.backups.source import BackupsSource
from services.clock import FrozenClock

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def put(root: Path, rel: str, age: timedelta, size: int = 10) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    stamp = (NOW - age).timestamp()
    os.utime(path, (stamp, stamp))


@pytest.fixture
def nas(tmp_path: Path) -> Path:
    root = tmp_path / "nas"
    for hours in range(1, 41):  # hourly backups, newest an hour old, under a sub-directory
        put(root, f"postgres-full/2025/{hours:03d}.dump", hours * HOUR, size=1000 + hours)
    put(root, "postgres-full/zzz-oldest-name.dump", 100 * HOUR)  # key order is not age order
    put(root, "redis-rdb/dump.rdb", 5 * HOUR, size=77)
    return root


async def test_newest_by_mtime_count_and_oldest_in_retention(nas: Path) -> None:
    source = BackupsSource([NasBackupStore(nas)],
                           [ComponentSchedule("postgres-full", timedelta(hours=24)),
                            ComponentSchedule("redis-rdb"), ComponentSchedule("logs-archive")],
                           FrozenClock(NOW), timeout_s=5)
    full, rdb, logs = (await source.poll()).entries
    assert (full.latest_at, full.latest_size_bytes) == (NOW - HOUR, 1001)
    assert (full.count_in_retention, full.oldest_at) == (24, NOW - 24 * HOUR)
    assert not is_overdue(full.latest_at, HOUR, NOW, grace=timedelta(minutes=5))
    assert (rdb.latest_at, rdb.latest_size_bytes, rdb.target) == (NOW - 5 * HOUR, 77, "nas")
    assert is_overdue(rdb.latest_at, HOUR, NOW)
    assert (logs.latest_at, logs.count_in_retention, logs.error) == (None, 0, None)


async def test_unmounted_nas_is_an_error_not_an_empty_store(tmp_path: Path) -> None:
    source = BackupsSource([NasBackupStore(tmp_path / "not-mounted")],
                           [ComponentSchedule("postgres-full")], FrozenClock(NOW), timeout_s=5)
    [entry] = (await source.poll()).entries
    assert entry.error is not None and "not a mounted directory" in entry.error
    assert entry.latest_at is None
