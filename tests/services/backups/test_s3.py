"""S3 against moto's server: newest-backup selection over pages, overdue, missing components."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from console.lab.moto_lab import BUCKETS, COMPONENTS, MotoLab
from services.backups.common import ComponentSchedule, is_overdue
from services.backups.s3 import S3BackupStore
from services.backups.source import BackupsSource
from services.clock import FrozenClock
from tests.services.backups.conftest import (
    BIG_BUCKET,
    BIG_COMPONENT,
    BIG_COUNT,
    NEWEST_KEY,
    NEWEST_SIZE,
    BigBucket,
)

HOUR = timedelta(hours=1)


def store(moto: MotoLab, target: str, bucket: str, **kw: Any) -> S3BackupStore:
    return S3BackupStore(target, bucket, "", BUCKETS.get(bucket, "us-east-1"),
                         moto.endpoint_url, "testing", "testing", timeout_s=5, **kw)


def test_newest_of_2000_objects_across_pages(moto: MotoLab, big_bucket: BigBucket) -> None:
    s3 = store(moto, "s3-region-1", BIG_BUCKET, page_size=500)
    pages: list[int] = []
    s3.client.meta.events.register("after-call.s3.ListObjectsV2",
                                   lambda **_: pages.append(1))
    now = big_bucket.newest_uploaded_at + timedelta(minutes=1)
    [listing] = s3.scan([ComponentSchedule(BIG_COMPONENT, timedelta(days=1))], now)
    assert len(pages) == 5  # 2,001 objects at 500 a page
    assert listing.latest is not None
    assert listing.latest.key == NEWEST_KEY
    assert listing.latest.size_bytes == NEWEST_SIZE
    assert listing.latest.checksum == big_bucket.newest_etag
    assert listing.latest.modified_at == big_bucket.newest_uploaded_at
    assert listing.count_in_retention == BIG_COUNT + 1
    assert listing.oldest_at is not None and listing.oldest_at < listing.latest.modified_at
    entry = listing.to_entry()
    assert (entry.latest_key, entry.latest_checksum) == (NEWEST_KEY, big_bucket.newest_etag)


async def test_two_regions_every_component_fresh_then_overdue(moto: MotoLab) -> None:
    components = [ComponentSchedule(c, 2 * HOUR) for c in COMPONENTS]
    clock = FrozenClock(moto.seeded_at + timedelta(minutes=10))
    source = BackupsSource([store(moto, "s3-region-1", "erlmcp-backups-r1"),
                            store(moto, "s3-region-2", "erlmcp-backups-r2")],
                           components, clock, timeout_s=5)
    fresh = await source.poll()
    assert len(fresh.entries) == 2 * len(COMPONENTS)
    for entry in fresh.entries:
        assert entry.error is None and entry.latest_at is not None
        assert entry.latest_size_bytes == 102 and entry.count_in_retention == 3
        assert not is_overdue(entry.latest_at, HOUR, clock.now(), grace=timedelta(minutes=5))

    clock.set(moto.seeded_at + 3 * HOUR)  # an hourly schedule has missed two backups
    stale = await source.poll()
    assert stale.observed_at == clock.now()
    for entry in stale.entries:
        assert is_overdue(entry.latest_at, HOUR, clock.now(), grace=timedelta(minutes=5))
        assert entry.latest_at is not None  # the newest is still reported...
        assert (entry.count_in_retention, entry.oldest_at) == (0, None)  # ...but aged out


async def test_component_never_backed_up_has_no_latest(moto: MotoLab) -> None:
    source = BackupsSource([store(moto, "s3-region-1", "erlmcp-backups-r1")],
                           [ComponentSchedule("tape-vault"), ComponentSchedule("redis-rdb")],
                           FrozenClock(datetime.now(UTC)), timeout_s=5)
    missing, present = (await source.poll()).entries
    assert (missing.component, missing.latest_at, missing.count_in_retention) == (
        "tape-vault", None, 0)
    assert missing.error is None
    assert present.latest_at is not None


async def test_missing_bucket_is_an_error_on_its_entries(moto: MotoLab) -> None:
    source = BackupsSource([store(moto, "s3-region-1", "no-such-bucket")],
                           [ComponentSchedule("redis-rdb")], timeout_s=5)
    [entry] = (await source.poll()).entries
    assert entry.error is not None and "NoSuchBucket" in entry.error
