"""Facts a backup verification needs from one store: every generation, and the newest read.

A listing proves an object exists; verification downloads the newest backup and recomputes
its SHA-256 and MD5 while streaming (never holding it whole), reads every generation's
manifest (the producer's creation time, size and checksum: S3 cannot back-date objects,
so only the manifest says when a backup was made), and records the store's own checksum
(S3 ETag, Azure Content-MD5). Judging the facts is the console's (it knows the schedule).
Blocking SDKs: run :func:`collect` in the shared executor.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from services.backups.azure import AzureBackupStore
from services.backups.common import BackupStore, StoredObject, component_prefix
from services.backups.manifest import (
    CHUNK_BYTES,
    Digester,
    Digests,
    Manifest,
    data_name,
    is_manifest,
    manifest_name,
)
from services.backups.nas import NasBackupStore
from services.backups.s3 import S3BackupStore
from services.sources import BadAnswer, SourceError, SourceTimeout, Unreachable

MAX_MANIFEST_BYTES = 1 << 20
MAX_GENERATIONS = 2000
"""Manifests read per component and store; a longer history is judged by its newest."""


@dataclass(frozen=True)
class Generation:
    """One backup object of a component in a store, with its manifest if it has one."""

    key: str
    size_bytes: int
    modified_at: datetime
    manifest: Manifest | None = None
    manifest_error: str | None = None

    @property
    def created_at(self) -> datetime:
        """The producer's time when a manifest says it, else the store's."""
        return self.manifest.created_at if self.manifest else self.modified_at


@dataclass(frozen=True)
class NewestRead:
    """The newest generation, downloaded: what its bytes hash to, what the store says."""

    key: str
    digests: Digests | None
    store_md5: str | None
    """S3 single-part ETag or Azure Content-MD5 (hex); None when the store keeps none."""
    seconds: float = 0.0
    error: str | None = None


@dataclass(frozen=True)
class ComponentFacts:
    component: str
    target: str
    generations: tuple[Generation, ...] = ()
    """Newest first (by manifest creation time, then store time)."""
    orphans: tuple[str, ...] = ()
    """Manifests whose backup file is gone."""
    newest: NewestRead | None = None
    error: str | None = field(default=None)
    unreachable: bool = False
    """The store did not answer (refused, timed out, not mounted), as opposed to answering
    with an error."""


def _raw(store: BackupStore, component: str) -> Iterator[StoredObject]:
    """Every object under the component, manifests included (the listing skips them)."""
    if isinstance(store, S3BackupStore):
        return store._objects(component_prefix(store.prefix, component))
    if isinstance(store, AzureBackupStore):
        return store._objects(store._container_client(),
                              component_prefix(store.prefix, component))
    if isinstance(store, NasBackupStore):
        return store._objects(store.path / component)
    raise BadAnswer(f"store {store.target_id}: cannot be read for verification")


def _chunks(store: BackupStore, component: str, key: str,
            md5_out: list[str | None]) -> Iterator[bytes]:
    if isinstance(store, S3BackupStore):
        answer = store.client.get_object(Bucket=store.bucket, Key=key)
        etag = str(answer.get("ETag", "")).strip('"')
        md5_out.append(etag if etag and "-" not in etag else None)  # multipart: not an MD5
        body = answer["Body"]
        try:
            while chunk := body.read(CHUNK_BYTES):
                yield chunk
        finally:
            body.close()
    elif isinstance(store, AzureBackupStore):
        download = store._container_client().download_blob(key)
        md5 = download.properties.content_settings.content_md5
        md5_out.append(bytes(md5).hex() if md5 else None)
        yield from download.chunks()
    elif isinstance(store, NasBackupStore):
        md5_out.append(None)
        with (store.path / component / key).open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                yield chunk


def _read_all(store: BackupStore, component: str, key: str, limit: int) -> bytes:
    data = bytearray()
    for chunk in _chunks(store, component, key, []):
        data += chunk
        if len(data) > limit:
            raise BadAnswer(f"{key}: larger than {limit} bytes")
    return bytes(data)


def _manifest(store: BackupStore, component: str, key: str) -> tuple[Manifest | None, str | None]:
    try:
        return Manifest.from_json(_read_all(store, component, key, MAX_MANIFEST_BYTES)), None
    except (ValidationError, ValueError) as exc:
        return None, f"manifest {key} unreadable: {str(exc).splitlines()[0]}"


def read_newest(store: BackupStore, component: str, key: str,
                max_bytes: int | None = None) -> NewestRead:
    """Download ``key`` once, hashing as it streams; stop past ``max_bytes`` (+1 MiB)."""
    started = time.monotonic()
    md5: list[str | None] = []
    digester, size = Digester(), 0
    for chunk in _chunks(store, component, key, md5):
        digester.update(chunk)
        size += len(chunk)
        if max_bytes is not None and size > max_bytes + CHUNK_BYTES:
            return NewestRead(key, None, None, time.monotonic() - started,
                              f"{key}: more than {max_bytes} bytes arrived")
    return NewestRead(key, digester.result(), md5[0] if md5 else None,
                      time.monotonic() - started)


def collect(store: BackupStore, component: str) -> ComponentFacts:
    """Every generation of ``component`` in ``store``, and the newest one downloaded."""
    objects = list(_raw(store, component))
    manifests = {data_name(o.key): o.key for o in objects if is_manifest(o.key)}
    files = [o for o in objects if not is_manifest(o.key)]
    present = {o.key for o in files}
    orphans = tuple(sorted(m for d, m in manifests.items() if d not in present))
    files.sort(key=lambda o: (o.modified_at, o.key), reverse=True)
    generations = []
    for n, obj in enumerate(files):
        manifest, error = (None, None)
        if obj.key in manifests and n < MAX_GENERATIONS:
            manifest, error = _manifest(store, component, manifests[obj.key])
        elif n < MAX_GENERATIONS:
            error = f"no manifest {manifest_name(obj.key)}"
        generations.append(Generation(obj.key, obj.size_bytes, obj.modified_at,
                                      manifest, error))
    generations.sort(key=lambda g: (g.created_at, g.key), reverse=True)
    newest = None
    if generations:
        top = generations[0]
        newest = read_newest(store, component, top.key,
                             top.manifest.size_bytes if top.manifest else None)
    return ComponentFacts(component, store.target_id, tuple(generations), orphans, newest)


def _translated(store: BackupStore, exc: Exception) -> SourceError:
    """The store's own error mapping, so verification reads failures as the pane does."""
    if isinstance(exc, SourceError):
        return exc
    if isinstance(store, S3BackupStore):
        from services.backups.s3 import translate_boto_error

        return translate_boto_error(exc, store.timeout_s)
    if isinstance(store, AzureBackupStore):
        from services.backups.azure import _translate

        return _translate(exc, store.timeout_s)
    return BadAnswer(f"{type(exc).__name__}: {exc}")


def collect_safely(store: BackupStore, component: str) -> ComponentFacts:
    """:func:`collect`, with a store's failure as the facts' ``error`` (``unreachable``
    errors keep their wording: the command's exit code depends on them)."""
    try:
        if isinstance(store, NasBackupStore) and not store.path.is_dir():
            raise Unreachable(f"unreachable: {store.path} is not a mounted directory")
        return collect(store, component)
    except Exception as exc:  # any failure is a fact about this store
        error = _translated(store, exc)
        return ComponentFacts(component, store.target_id, error=str(error) or type(error).__name__,
                              unreachable=isinstance(error, Unreachable | SourceTimeout))
