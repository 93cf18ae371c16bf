"""Azure Blob against Azurite: the same selection and overdue checks as S3."""

from __future__ import annotations

from datetime import timedelta

from console.lab.azurite_lab import CONTAINER, AzuriteLab
from console.lab.moto_lab import COMPONENTS
from services.backups.azure import AzureBackupStore
from services.backups.common import ComponentSchedule, is_overdue
from services.backups.source import BackupsSource
from services.clock import FrozenClock
from tests.services.backups.conftest import BIG_COMPONENT, NEWEST_KEY, NEWEST_SIZE, BigBucket

HOUR = timedelta(hours=1)


def test_newest_blob_across_pages(azurite: AzuriteLab, azure_container: BigBucket) -> None:
    store = AzureBackupStore("azure-region-1", "erlmcp-backups-paged",
                             connection_string=azurite.connection_string, timeout_s=5,
                             page_size=25)
    now = azure_container.newest_uploaded_at + timedelta(minutes=1)
    [listing] = store.scan([ComponentSchedule(BIG_COMPONENT, timedelta(days=1))], now)
    assert listing.latest is not None
    assert listing.latest.key == NEWEST_KEY
    assert listing.latest.size_bytes == NEWEST_SIZE
    assert listing.latest.checksum == azure_container.newest_etag
    assert listing.count_in_retention == 61


async def test_fresh_then_overdue_and_missing_component(azurite: AzuriteLab) -> None:
    assert azurite.seeded_at is not None
    clock = FrozenClock(azurite.seeded_at + timedelta(minutes=10))
    source = BackupsSource(
        [AzureBackupStore("azure-region-1", CONTAINER,
                          connection_string=azurite.connection_string, timeout_s=5)],
        [*(ComponentSchedule(c, 2 * HOUR) for c in COMPONENTS), ComponentSchedule("tape")],
        clock, timeout_s=5)
    fresh = await source.poll()
    *seeded, missing = fresh.entries
    assert (missing.component, missing.latest_at, missing.error) == ("tape", None, None)
    for entry in seeded:
        assert entry.error is None and entry.latest_size_bytes == 102
        assert entry.count_in_retention == 3
        assert entry.latest_at is not None and not is_overdue(entry.latest_at, HOUR, clock.now())
    clock.set(azurite.seeded_at + 3 * HOUR)
    for entry in (await source.poll()).entries[:-1]:
        assert is_overdue(entry.latest_at, HOUR, clock.now(), grace=timedelta(minutes=5))
