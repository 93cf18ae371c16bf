"""Restore PostgreSQL from a backup store, and prove it: pick, download, check, restore, count.

The order is the safety: nothing touches the target before the downloaded file's SHA-256
and size match the manifest its producer wrote, so a corrupted or truncated copy is refused
*before* ``pg_restore`` runs. After the restore, the manifest's row counts and schemata
are counted again on the target: a restore is only called good when they match.

A test restore does the same into a scratch database made for it, and drops it after.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from services.backups.common import BackupStore
from services.backups.manifest import BackupKind, Comparison, Manifest, manifest_name
from services.backups.restore_fetch import Downloaded, candidates, download, read_small
from services.executor import run_blocking
from services.postgres.restore_db import compare, create_scratch, drop_scratch
from services.postgres.restore_run import pg_restore
from services.sources import BadAnswer, ReadOnlyRefused, SourceError

Progress = Callable[[str], None]
MAX_CONSIDERED = 200
"""Newest listed backups whose manifests are read to find the newest good one."""


class ChecksumMismatch(BadAnswer):
    """The downloaded backup is not the one its manifest describes: never restored."""


class NoBackup(BadAnswer):
    """The store holds no backup of the component that can be restored."""


@dataclass(frozen=True)
class Chosen:
    key: str
    manifest: Manifest
    skipped: tuple[str, ...] = ()
    """Newer keys passed over, each with why (no manifest, known bad)."""


@dataclass(frozen=True)
class RestoreReport:
    """Everything a restore did and found, for the journal and the operator."""

    component: str
    store: str
    key: str
    target: str
    """Where it went (``primary``, ``scratch <dbname>``): never a DSN."""
    manifest: Manifest
    download_s: float
    restore_s: float
    verify_s: float
    items: int
    comparisons: tuple[Comparison, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.comparisons)

    @property
    def total_s(self) -> float:
        return self.download_s + self.restore_s + self.verify_s

    def summary(self) -> str:
        verdict = "PASS" if self.ok else "FAIL"
        return (f"{verdict}: restored {self.component} {self.key} from {self.store} into "
                f"{self.target} ({self.items} items, {self.manifest.size_bytes} bytes, "
                f"created {self.manifest.created_at:%Y-%m-%d %H:%M:%SZ}) in "
                f"{self.total_s:.1f}s (download {self.download_s:.1f}s, pg_restore "
                f"{self.restore_s:.1f}s, verify {self.verify_s:.1f}s)")

    def lines(self) -> list[str]:
        return [self.summary(), *(c.line() for c in self.comparisons)]


def _manifest_key(key: str) -> str:
    head, _, name = key.rpartition("/")
    return f"{head}/{manifest_name(name)}" if head else manifest_name(name)


def _manifest_of(store: BackupStore, component: str, name: str) -> Manifest | str:
    """The backup's manifest, or why there is none usable."""
    try:
        raw = read_small(store, component, _manifest_key(name))
    except (SourceError, OSError) as exc:
        return f"no manifest: {exc}"
    try:
        return Manifest.from_json(raw)
    except ValueError:
        return "unreadable manifest"


def choose(store: BackupStore, component: str, key: str | None = None,
           exclude: Collection[str] = ()) -> Chosen:
    """``key`` if given (it must have a manifest), else the backup whose manifest says it
    was created last, among those not in ``exclude`` (known bad). Blocking.

    The manifest's time, not the store's: a store dates an object by its upload, and
    copies uploaded out of order (a re-sync, an older generation copied late) would
    otherwise pass for the newest.
    """
    listed = [o.key for o in candidates(store, component)][:MAX_CONSIDERED]
    if key is not None:
        if key not in listed:
            raise NoBackup(f"{store.target_id}: no backup {key!r} of {component}")
        found = _manifest_of(store, component, key)
        if isinstance(found, str):
            raise NoBackup(f"{store.target_id}: {key}: {found}")
        return Chosen(key, found)
    skipped: list[str] = []
    good: list[tuple[Manifest, str]] = []
    for name in listed:
        if name in exclude:
            skipped.append(f"{name} (failed verification)")
            continue
        found = _manifest_of(store, component, name)
        if isinstance(found, str):
            skipped.append(f"{name} ({found})")
        else:
            good.append((found, name))
    if not good:
        why = f"; passed over: {', '.join(skipped)}" if skipped else ""
        raise NoBackup(f"{store.target_id}: no restorable backup of {component}{why}")
    manifest, name = max(good, key=lambda pair: (pair[0].created_at, pair[1]))
    return Chosen(name, manifest, tuple(skipped))


def _checked(got: Downloaded, manifest: Manifest, store: str, key: str) -> None:
    if (got.sha256, got.size_bytes) != (manifest.sha256, manifest.size_bytes):
        got.path.unlink(missing_ok=True)
        raise ChecksumMismatch(
            f"{store}: {key} does not match its manifest (sha256 {got.sha256[:12]}..., "
            f"{got.size_bytes} bytes; manifest {manifest.sha256[:12]}..., "
            f"{manifest.size_bytes} bytes): refused before pg_restore")


async def restore_postgres(store: BackupStore, component: str, target_dsn: str, target: str,
                           *, key: str | None = None, exclude: Collection[str] = (),
                           read_only: bool = False, progress: Progress | None = None,
                           work_dir: Path | None = None, timeout_s: float = 3600.0,
                           io_timeout_s: float = 600.0) -> RestoreReport:
    """Download, check, ``pg_restore`` into ``target_dsn``, then compare with the manifest.

    Refused (:class:`ReadOnlyRefused`) before anything is read when ``read_only``.
    """
    if read_only:
        raise ReadOnlyRefused(f"restore {component} into {target} refused: "
                              "the console runs read-only")
    say = progress or (lambda _line: None)
    say(f"choosing a backup of {component} in {store.target_id}")
    chosen = await run_blocking(choose, store, component, key, exclude, timeout_s=io_timeout_s)
    for line in chosen.skipped:
        say(f"passed over {line}")
    manifest = chosen.manifest
    if manifest.kind is not BackupKind.PG_DUMP_CUSTOM:
        raise BadAnswer(f"{chosen.key} is a {manifest.kind} backup, not a pg_dump archive")
    folder = Path(tempfile.mkdtemp(prefix="rc-restore-", dir=work_dir))
    try:
        say(f"downloading {chosen.key} ({manifest.size_bytes} bytes) from {store.target_id}")
        started = time.monotonic()
        got = await run_blocking(download, store, component, chosen.key,
                                 folder / manifest.file.replace("/", "_"),
                                 manifest.size_bytes, timeout_s=io_timeout_s)
        _checked(got, manifest, store.target_id, chosen.key)
        download_s = time.monotonic() - started
        say(f"checksum ok (sha256 {got.sha256[:12]}...); pg_restore into {target}")
        run = await pg_restore(got.path, target_dsn, timeout_s=timeout_s, progress=lambda
                               done, total, what: say(f"pg_restore {done}/{total}: {what}"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    say(f"verifying {target} against the manifest")
    started = time.monotonic()
    comparisons = await compare(target_dsn, manifest.row_counts, manifest.schemas,
                                name=target)
    return RestoreReport(component, store.target_id, chosen.key, target, manifest,
                         download_s, run.duration_s, time.monotonic() - started,
                         run.items_total, tuple(comparisons))


async def scratch_restore(store: BackupStore, component: str, scratch_dsn: str, *,
                       key: str | None = None, exclude: Collection[str] = (),
                       read_only: bool = False, progress: Progress | None = None,
                       work_dir: Path | None = None, keep: bool = False,
                       timeout_s: float = 3600.0) -> RestoreReport:
    """Restore into a database created for it next to ``scratch_dsn``; dropped after
    unless ``keep`` (then its name is in the report's ``target``)."""
    if read_only:
        raise ReadOnlyRefused("test restore refused: the console runs read-only")
    say = progress or (lambda _line: None)
    scratch, name = await create_scratch(scratch_dsn)
    say(f"created scratch database {name}")
    try:
        return await restore_postgres(store, component, scratch, f"scratch {name}", key=key,
                                      exclude=exclude, progress=progress,
                                      work_dir=work_dir, timeout_s=timeout_s)
    finally:
        if not keep:
            await drop_scratch(scratch)
            say(f"dropped scratch database {name}")
