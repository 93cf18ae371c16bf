"""What every backup store shares: the fold from a listing to "newest, count, oldest".

Stores differ only in how they list objects; they all stream ``StoredObject``s into
:func:`fold`, which keeps O(1) state so a bucket holding years of backups is summarised
without materialising the listing. Overdue judgement needs the plan's schedule, so it is
the console's; :func:`is_overdue` is the pure rule it applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from pydantic import SecretStr

from services.backups.manifest import MANIFEST_SUFFIX
from services.models import BackupEntry
from services.sources import BadAnswer

MAX_LISTED_OBJECTS = 500_000
"""A component's listing stops there (years of hourly backups are ~30,000): a store that
keeps handing out pages cannot hold a worker thread forever, and says so."""


@dataclass(frozen=True)
class ComponentSchedule:
    """A component the plan backs up, and how long its backups are kept (None: forever)."""

    component_id: str
    retention: timedelta | None = None


@dataclass(frozen=True)
class StoredObject:
    """One backup object as a store lists it."""

    key: str
    modified_at: datetime
    size_bytes: int
    checksum: str | None = None
    """ETag (S3, Azure) — a content fingerprint the operator can compare across stores."""


@dataclass(frozen=True)
class Listing:
    """One component in one store, summarised. Keeps the key and checksum of the newest,
    which :class:`BackupEntry` has no field for (yet)."""

    component: str
    target: str
    latest: StoredObject | None
    count_in_retention: int
    oldest_at: datetime | None
    count_past_retention: int = 0
    """Objects older than retention still held (what pruning should have removed)."""
    oldest_past_at: datetime | None = None

    def to_entry(self) -> BackupEntry:
        latest = self.latest
        return BackupEntry(
            component=self.component, target=self.target,
            latest_at=latest.modified_at if latest else None,
            latest_size_bytes=latest.size_bytes if latest else None,
            latest_key=latest.key if latest else None,
            latest_checksum=latest.checksum if latest else None,
            count_in_retention=self.count_in_retention, oldest_at=self.oldest_at,
            count_past_retention=self.count_past_retention, oldest_past_at=self.oldest_past_at)


class BackupStore(Protocol):
    """A store that can be listed, blocking; :class:`BackupsSource` runs it in the pool."""

    @property
    def target_id(self) -> str: ...

    def scan(self, components: Sequence[ComponentSchedule], now: datetime) -> list[Listing]:
        """List every component's backups; raise a ``SourceError`` if the store fails."""
        ...


def component_prefix(prefix: str, component: str) -> str:
    """Where a component's backups live: ``<prefix><component>/``."""
    return f"{prefix}{component}/"


def _newer(a: StoredObject, b: StoredObject | None) -> bool:
    # Ties (stores report whole seconds) go to the greater key: timestamped names sort.
    return b is None or (a.modified_at, a.key) > (b.modified_at, b.key)


def fold(component: str, target: str, objects: Iterable[StoredObject],
         retention: timedelta | None, now: datetime) -> Listing:
    """Newest object overall; count and oldest among those within retention of ``now``,
    and among those past it (retention is judged on the listing as on a verification).

    Manifest sidecars (``<file>.manifest.json``) describe a backup and are not counted.

    With no retention every object counts: nothing has aged out.
    """
    window_start = None if retention is None else now - retention
    latest: StoredObject | None = None
    count, oldest = 0, None
    past, oldest_past = 0, None
    for seen, obj in enumerate(objects, 1):
        if seen > MAX_LISTED_OBJECTS:
            raise BadAnswer(f"{target}/{component}: listing over {MAX_LISTED_OBJECTS:,} objects")
        if obj.key.endswith(MANIFEST_SUFFIX):  # a backup's sidecar, not a backup
            continue
        if _newer(obj, latest):
            latest = obj
        if window_start is None or obj.modified_at >= window_start:
            count += 1
            oldest = obj.modified_at if oldest is None else min(oldest, obj.modified_at)
        else:
            past += 1
            oldest_past = (obj.modified_at if oldest_past is None
                           else min(oldest_past, obj.modified_at))
    return Listing(component, target, latest, count, oldest, past, oldest_past)


def is_overdue(latest_at: datetime | None, interval: timedelta, now: datetime,
               grace: timedelta = timedelta(0)) -> bool:
    """True when the next backup should have landed by ``now`` and has not.

    No backup at all is overdue. ``grace`` absorbs the copy delay between taking a backup
    and it landing in a remote store, so a healthy schedule never flickers red.
    """
    if latest_at is None:
        return True
    return now - latest_at > interval + grace


def reveal(secret: str | SecretStr | None) -> str | None:
    """The plain value of a credential, at the last moment before the SDK needs it."""
    return secret.get_secret_value() if isinstance(secret, SecretStr) else secret
