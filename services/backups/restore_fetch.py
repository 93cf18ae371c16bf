"""Reading one backup out of a store: its listing, its manifest, its bytes, bounded.

A restore trusts nothing it has not counted: the object is streamed to a local file in
chunks while its SHA-256 is computed, and the read stops as soon as it passes the size the
manifest gives (a store that keeps sending cannot fill the disk). Blocking (boto3, the
Azure SDK, the NAS mount): callers run these in the shared executor.

Keys are as the store lists them: the full object name in S3 and Azure
(``<prefix><component>/<file>``), the path under the component's directory on a NAS.
Manifests are JSON sidecars, ``<backup key>.manifest.json``, and never backups themselves.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.backups.azure import AzureBackupStore
from services.backups.common import BackupStore, StoredObject, component_prefix
from services.backups.manifest import is_manifest
from services.backups.nas import NasBackupStore
from services.backups.s3 import S3BackupStore
from services.sources import BadAnswer

CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024


class TooLarge(BadAnswer):
    """The store sent more bytes than the manifest says the backup holds."""


@dataclass(frozen=True)
class Downloaded:
    path: Path
    size_bytes: int
    sha256: str


def _chunks(store: BackupStore, component: str, key: str) -> Iterator[bytes]:
    if isinstance(store, S3BackupStore):
        body = store.client.get_object(Bucket=store.bucket, Key=key)["Body"]
        try:
            while chunk := body.read(CHUNK):
                yield chunk
        finally:
            body.close()
    elif isinstance(store, AzureBackupStore):
        yield from store._container_client().download_blob(key).chunks()
    elif isinstance(store, NasBackupStore):
        path = (store.path / component / key).resolve()
        if store.path.resolve() not in path.parents:
            raise BadAnswer(f"{key}: outside the NAS store")
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
    else:
        raise BadAnswer(f"store {store.target_id}: cannot read backups from it")


def _translate(store: BackupStore, exc: Exception) -> Exception:
    """The store's own error mapping, so a restore reads failures as the Backups pane does."""
    if isinstance(exc, BadAnswer | OSError):
        return exc
    if isinstance(store, S3BackupStore):
        from services.backups.s3 import translate_boto_error

        return translate_boto_error(exc, store.timeout_s)
    if isinstance(store, AzureBackupStore):
        from services.backups.azure import _translate

        return _translate(exc, store.timeout_s)
    return exc


def download(store: BackupStore, component: str, key: str, dest: Path,
             max_bytes: int) -> Downloaded:
    """Stream ``key`` to ``dest`` (0600), hashing as it goes; :class:`TooLarge` past
    ``max_bytes``. ``dest`` is removed when the read fails."""
    digest = hashlib.sha256()
    size = 0
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in _chunks(store, component, key):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(f"{store.target_id}: {key} is larger than the "
                                   f"{max_bytes} bytes its manifest gives: read stopped")
                digest.update(chunk)
                out.write(chunk)
    except Exception as exc:
        dest.unlink(missing_ok=True)
        raise _translate(store, exc) from exc
    return Downloaded(dest, size, digest.hexdigest())


def read_small(store: BackupStore, component: str, key: str,
               limit: int = MAX_MANIFEST_BYTES) -> bytes:
    """A whole small object (a manifest), at most ``limit`` bytes."""
    data = bytearray()
    try:
        for chunk in _chunks(store, component, key):
            data += chunk
            if len(data) > limit:
                raise TooLarge(f"{store.target_id}: {key} is over {limit} bytes")
    except Exception as exc:
        raise _translate(store, exc) from exc
    return bytes(data)


def _listed(store: BackupStore, component: str) -> Iterator[StoredObject]:
    objects: Any = store._objects  # type: ignore[attr-defined]
    if isinstance(store, S3BackupStore):
        return iter(objects(component_prefix(store.prefix, component)))
    if isinstance(store, AzureBackupStore):
        return iter(objects(store._container_client(),
                            component_prefix(store.prefix, component)))
    if isinstance(store, NasBackupStore):
        return iter(objects(store.path / component))
    raise BadAnswer(f"store {store.target_id}: cannot list it for a restore")


def candidates(store: BackupStore, component: str) -> list[StoredObject]:
    """The component's backups in ``store`` (manifests left out), newest first."""
    try:
        found = [o for o in _listed(store, component) if not is_manifest(o.key)]
    except Exception as exc:
        raise _translate(store, exc) from exc
    return sorted(found, key=lambda o: (o.modified_at, o.key), reverse=True)
