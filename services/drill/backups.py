"""Backups in every store, as a store listing would show them: newest, size, count kept.

Backups land on a fixed schedule (a seeded phase per component, a copy delay per store),
so "the newest hourly backup" is always less than an hour old while the site producing
them is alive. Production stops when the primary is cut off and resumes from the DR site
once its database is promoted, and from the primary again once it writes again (back with
no failover, or after a rollback); a store cut off by the scenario answers only an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.drill.calc import Interval, unit
from services.drill.plan import BackupPlanEntry, DrillTarget
from services.drill.world import World
from services.models import BackupEntry, BackupSnapshot, Site

SCHEDULE_ANCHOR = datetime(2024, 1, 1, tzinfo=UTC)
CONTINUOUS_PERIOD = timedelta(seconds=60)
"""A continuous stream ships a segment a minute (``archive_timeout``, AOF fsync shipping)."""
_CLOUD_DELAY: dict[tuple[str, bool], timedelta] = {
    ("s3", True): timedelta(minutes=2), ("azure-blob", True): timedelta(minutes=3),
    ("s3", False): timedelta(minutes=4), ("azure-blob", False): timedelta(minutes=5)}
_LOCAL_DELAY = {"nas": timedelta(0), "tape": timedelta(minutes=30)}
_OTHER_DELAY = timedelta(minutes=1)
_FAR_PAST = timedelta(days=3650)


@dataclass(frozen=True)
class Landings:
    """The backups of one component present in one store at an instant."""

    latest_at: datetime | None
    latest_index: int
    count: int
    oldest_at: datetime | None


def production_spans(world: World) -> list[Interval]:
    """When backups were being produced: by the primary until it was cut off, then by DR
    (until it is fenced); by the primary again once it is back as the writer (the scenario
    brought it back with no failover, or a rollback promoted it)."""
    cut = min((start for start, _ in world.isolation(Site.PRIMARY)), default=None)
    spans: list[Interval] = [(world.setup.started_at - _FAR_PAST, cut)]
    promoted = world.pg_promoted_at(Site.DR)
    first = world.pg.writers[0]
    if cut is not None and promoted is not None:
        dr_cut = min((start for start, _ in world.isolation(Site.DR)), default=None)
        fenced = next((w.until for w in world.pg.writers if w.site is Site.DR), None)
        ends = [t for t in (dr_cut, fenced) if t is not None]
        spans.append((max(promoted, cut), min(ends, default=None)))
    back = world.recovered_at(Site.PRIMARY)
    if cut is not None and back is not None and first.until is None:
        spans.append((back, None))  # the primary resumed as the writer
    spans += [(w.since, w.until) for w in world.pg.writers[1:] if w.site is Site.PRIMARY]
    return spans


def _ceil_div(a: timedelta, b: timedelta) -> int:
    return -((-a) // b)


def landings(world: World, entry: BackupPlanEntry, delay: timedelta) -> Landings:
    """Backups of ``entry`` landed by now ``delay`` after being taken, within retention."""
    period = entry.interval or CONTINUOUS_PERIOD
    first = SCHEDULE_ANCHOR + period * unit(world.seed, entry.component) + delay
    window_lo = None if entry.retention is None else world.now - entry.retention
    latest: tuple[datetime, int] | None = None
    count, oldest = 0, None
    for start, end in production_spans(world):
        if end is not None and end <= world.now:
            k_hi = _ceil_div(end - first, period) - 1  # strictly before the cut
        else:
            k_hi = (world.now - first) // period
        lo = start if window_lo is None else max(start, window_lo)
        k_lo = _ceil_div(lo - first, period)
        if k_hi < k_lo:
            continue
        if latest is None or first + period * k_hi > latest[0]:
            latest = (first + period * k_hi, k_hi)
        count += k_hi - k_lo + 1
        oldest = min(oldest or world.now, first + period * k_lo)
    if latest is None:
        return Landings(None, 0, 0, None)
    if entry.retention is None:
        return Landings(latest[0], latest[1], 1, latest[0])
    return Landings(latest[0], latest[1], count, oldest)


def copy_delay(target: DrillTarget | None) -> timedelta:
    """How long after being taken a backup lands in a store: the NAS at once, the cloud
    stores of the primary's region in minutes and the far region's later (replication),
    tape in a batch half an hour later."""
    if target is None:
        return _OTHER_DELAY
    local = _LOCAL_DELAY.get(target.store)
    if local is not None:
        return local
    return _CLOUD_DELAY.get((target.store, target.primary_region), _OTHER_DELAY)


def backup_entry(world: World, entry: BackupPlanEntry, target: str) -> BackupEntry:
    if target in world.unreachable_targets():
        return BackupEntry(component=entry.component, target=target, error="unreachable")
    found = landings(world, entry, copy_delay(world.setup.plan.target(target)))
    size = None
    if found.latest_at is not None:
        jitter = 0.9 + 0.2 * unit(world.seed, entry.component, found.latest_index)
        size = int(entry.base_size_bytes * jitter)
    return BackupEntry(component=entry.component, target=target, latest_at=found.latest_at,
                       latest_size_bytes=size, count_in_retention=found.count,
                       oldest_at=found.oldest_at)


def backup_snapshot(world: World) -> BackupSnapshot:
    """Every (component, store) pair of the plan, in plan order."""
    entries = tuple(backup_entry(world, entry, target)
                    for entry in world.setup.plan.schedules for target in entry.targets)
    return BackupSnapshot(observed_at=world.now, entries=entries)


def last_taken(world: World, component: str) -> datetime | None:
    """When ``component`` was last backed up at the source (before any copy delay)."""
    entry = world.setup.plan.schedule(component)
    return None if entry is None else landings(world, entry, timedelta(0)).latest_at
