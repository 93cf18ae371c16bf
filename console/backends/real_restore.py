"""Restores on the real systems the config names: which store, which database, which limits.

:mod:`services.backups.restore` does the work (download, checksum, ``pg_restore``, counts);
this module finds what it works on from the settings — the store adapter of a backup
target, a site's DSN, the scratch server — and turns a report into the action's output: a
restore whose counts do not match its manifest is a failed action, with every line shown.
Read-only consoles are refused by the service before anything is read.

"Newest good" is the newest backup that the last daily verification did not fail: the
keys a ``backups verify`` found broken (its ``backups-verified`` events in the maintenance
journal) are passed over, so a restore never picks a copy already known bad.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from console.backends.progress import PROGRESS, Progress
from console.backends.real_sources import backup_store
from console.config.models import Mode
from console.config.settings import Settings
from console.errors import InputError
from console.journal.events import BackupsVerified
from services.backups.common import BackupStore
from services.backups.restore import RestoreReport, restore_postgres, scratch_restore
from services.backups.restore_redis import Placement, RedisRestoreReport, restore_redis
from services.models import Site
from services.sources import BadAnswer, SourceError

IO_TIMEOUT_S = 600.0
"""Bound on listing, reading a manifest and downloading one backup."""


class RestoreNotConfigured(SourceError):
    """The config names no such store, no DSN for the site, or no scratch server."""


def store_targets(settings: Settings) -> tuple[str, ...]:
    return tuple(s.target for s in settings.backups)


def store_for(settings: Settings, target: str) -> BackupStore:
    """The adapter of the configured store for backup target ``target``."""
    for store in settings.backups:
        if store.target == target:
            return backup_store(store, IO_TIMEOUT_S)
    known = ", ".join(store_targets(settings)) or "none configured"
    raise RestoreNotConfigured(f"no backup store {target!r} in the config (known: {known})")


def site_dsn(settings: Settings, site: Site) -> str:
    cfg = settings.sites.primary if site is Site.PRIMARY else settings.sites.dr
    if cfg.postgres_dsn is None:
        raise RestoreNotConfigured(f"no PostgreSQL DSN for site {site} "
                                   f"(sites.{site.value}.postgres_dsn)")
    return cfg.postgres_dsn.get_secret_value()


def scratch_dsn(settings: Settings) -> str:
    if settings.restore.scratch_dsn is None:
        raise RestoreNotConfigured("no scratch PostgreSQL server (restore.scratch_dsn)")
    return settings.restore.scratch_dsn.get_secret_value()


def known_bad(journal_dir: Path, component: str, store: str) -> set[str]:
    """Keys of ``component`` in ``store`` that the latest verification found failed."""
    from console.maintenance.journal import read_events

    try:
        events = read_events(journal_dir)
    except (OSError, InputError):
        return set()
    bad: set[str] = set()
    for event in events:
        if not isinstance(event, BackupsVerified):
            continue
        for cell in event.cells:
            if (cell.component, cell.target) != (component, store) or not cell.newest_key:
                continue
            if cell.status == "failed":
                bad.add(cell.newest_key)
            else:
                bad.discard(cell.newest_key)
    return bad


async def restore_site(settings: Settings, site: Site, component: str, store: str, *,
                       key: str | None = None, exclude: Collection[str] | None = None,
                       progress: Progress | None = None) -> RestoreReport:
    """Replace ``site``'s database with the backup, then count it against the manifest."""
    if exclude is None:
        exclude = known_bad(settings.journal_dir, component, store)
    return await restore_postgres(
        store_for(settings, store), component, site_dsn(settings, site), str(site),
        key=key, exclude=exclude, read_only=settings.mode is Mode.READ_ONLY,
        progress=progress or PROGRESS.get(), work_dir=settings.restore.work_dir,
        timeout_s=settings.restore.timeout.total_seconds(), io_timeout_s=IO_TIMEOUT_S)


async def restore_scratch(settings: Settings, component: str, store: str, *,
                          key: str | None = None, exclude: Collection[str] | None = None,
                          keep: bool = False, progress: Progress | None = None
                          ) -> RestoreReport:
    """Restore into a scratch database of its own (dropped after unless ``keep``)."""
    if exclude is None:
        exclude = known_bad(settings.journal_dir, component, store)
    return await scratch_restore(
        store_for(settings, store), component, scratch_dsn(settings), key=key,
        exclude=exclude, read_only=settings.mode is Mode.READ_ONLY,
        progress=progress or PROGRESS.get(),
        work_dir=settings.restore.work_dir, keep=keep,
        timeout_s=settings.restore.timeout.total_seconds())


def redis_placement(settings: Settings, site: Site) -> Placement | None:
    """Where ``site``'s Redis loads its RDB and how it restarts, when the config says."""
    cfg = settings.restore.redis_primary if site is Site.PRIMARY else settings.restore.redis_dr
    if not cfg.configured or cfg.rdb_path is None:
        return None
    return Placement(cfg.rdb_path, cfg.restart_command, cfg.restart_timeout.total_seconds())


async def restore_redis_site(settings: Settings, site: Site, component: str, store: str, *,
                             progress: Progress | None = None) -> RedisRestoreReport:
    """Put ``site``'s Redis back from the store's newest good RDB (or say how)."""
    cfg = settings.sites.primary if site is Site.PRIMARY else settings.sites.dr
    url = cfg.redis_url.get_secret_value() if cfg.redis_url is not None else None
    return await restore_redis(
        store_for(settings, store), component, str(site), redis_url=url,
        placement=redis_placement(settings, site),
        exclude=known_bad(settings.journal_dir, component, store),
        read_only=settings.mode is Mode.READ_ONLY, progress=progress or PROGRESS.get(),
        work_dir=settings.restore.work_dir, io_timeout_s=IO_TIMEOUT_S)


def output(report: RestoreReport | RedisRestoreReport) -> str:
    """The action's output; :class:`BadAnswer` (a failed action) when it does not match,
    or when the console could not place an RDB (the commands to run are its text)."""
    text = "\n".join(report.lines())
    if not report.ok:
        raise BadAnswer(text)
    return text
