"""The manifest: what a backup holds, written next to it as ``<file>.manifest.json``.

A store's listing says that an object exists; only the producer knows what it should
contain. The manifest carries the producer's SHA-256 (verification recomputes it after a
download), the creation time (a store's ``LastModified`` is the *upload* time, and S3
cannot back-date it), and for PostgreSQL the source LSN, the schema list and the row
counts of the plan's verification tables, which a restore is compared against.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

MANIFEST_SUFFIX = ".manifest.json"
CHUNK_BYTES = 1024 * 1024
FORMAT_VERSION = 1


class BackupKind(StrEnum):
    """How the file was made, hence how it is restored."""

    PG_DUMP_CUSTOM = "pg_dump-custom"
    """``pg_dump -Fc``: restored with ``pg_restore``."""
    REDIS_RDB = "redis-rdb"
    """An RDB snapshot: placed as ``dump.rdb`` before Redis starts."""
    CONFIG_TAR = "config-tar"
    """A gzipped tarball of configuration files."""
    FILE_TAR = "file-tar"
    """A gzipped tarball of other files (logs, user data, an image's layers)."""
    WAL_SEGMENT = "wal-segment"
    """One archived WAL segment (``archive_command``)."""


class Manifest(BaseModel):
    """One backup file's facts, as its producer recorded them."""

    model_config = ConfigDict(frozen=True)

    format_version: int = FORMAT_VERSION
    component: str
    """The plan's backup schedule id (``postgres-full``...)."""
    kind: BackupKind
    file: str
    """The backup's file name (no directory): the manifest sits beside it."""
    size_bytes: int = Field(ge=0)
    sha256: str
    md5: str
    """Hex MD5, what S3 (single-part ETag) and Azure (Content-MD5) report for the file."""
    created_at: datetime
    source: str = ""
    """Where it was taken from, without secrets (``127.0.0.1:5432/erlmcp``)."""
    source_lsn: str | None = None
    """PostgreSQL: ``pg_current_wal_lsn()`` at the dump's snapshot."""
    schemas: tuple[str, ...] = ()
    """PostgreSQL: the database's schema names, sorted."""
    row_counts: dict[str, int] = Field(default_factory=dict)
    """PostgreSQL: ``SELECT count(*)`` of each verification table, in the dump's snapshot."""

    def to_json(self) -> bytes:
        return self.model_dump_json(indent=2).encode()

    @classmethod
    def from_json(cls, data: bytes | str) -> Manifest:
        return cls.model_validate_json(data)


_COUNT_FROM = re.compile(r"count\(\*\)\s+from\s+([A-Za-z_][\w.]*)", re.IGNORECASE)


def tables_in_queries(queries: Iterable[str]) -> tuple[str, ...]:
    """The tables a plan's ``SELECT COUNT(*) FROM t`` verification queries count, in order.

    These are the row counts a manifest records and a restore is compared against.
    """
    found: dict[str, None] = {}
    for query in queries:
        for match in _COUNT_FROM.finditer(query):
            found.setdefault(match.group(1))
    return tuple(found)


@dataclass(frozen=True)
class Comparison:
    """One check of a restored database against what its backup says it holds (the
    manifest's row counts and schemata, or an RDB header's key count)."""

    what: str
    expected: str
    found: str
    reference: str = "manifest"
    """Where ``expected`` comes from, as the line names it."""

    @property
    def ok(self) -> bool:
        return self.expected == self.found

    def line(self) -> str:
        mark = "ok" if self.ok else "MISMATCH"
        return f"{self.what}: {self.found} ({self.reference} {self.expected}) {mark}"


def manifest_name(file_name: str) -> str:
    """The sidecar's name (or key) for a backup file's name (or key)."""
    return file_name + MANIFEST_SUFFIX


def is_manifest(name: str) -> bool:
    return name.endswith(MANIFEST_SUFFIX)


def data_name(manifest: str) -> str:
    """The backup file's name (or key) a sidecar describes."""
    return manifest[: -len(MANIFEST_SUFFIX)] if is_manifest(manifest) else manifest


class Digests(BaseModel):
    """SHA-256 and MD5 of one stream, and its length."""

    model_config = ConfigDict(frozen=True)
    sha256: str
    md5: str
    size_bytes: int


class Digester:
    """Both digests in one pass over chunks: a download is read once, never held whole."""

    def __init__(self) -> None:
        self._sha = hashlib.sha256()
        self._md5 = hashlib.md5(usedforsecurity=False)
        self._size = 0

    def update(self, chunk: bytes) -> None:
        self._sha.update(chunk)
        self._md5.update(chunk)
        self._size += len(chunk)

    def result(self) -> Digests:
        return Digests(sha256=self._sha.hexdigest(), md5=self._md5.hexdigest(),
                       size_bytes=self._size)


def digest_file(path: Path) -> Digests:
    digester = Digester()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digester.update(chunk)
    return digester.result()


def write_manifest(path: Path, manifest: Manifest) -> Path:
    """Write ``<path>.manifest.json`` beside the backup file; returns the sidecar's path."""
    sidecar = path.with_name(manifest_name(path.name))
    sidecar.write_bytes(manifest.to_json())
    return sidecar
