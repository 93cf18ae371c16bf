"""Make real backups and their manifests: a ``pg_dump -Fc``, a Redis RDB, a tarball.

The lab uses these so that its stores hold backups that restore, and the tests use them
to have something to verify and restore. PostgreSQL row counts are taken inside the very
snapshot ``pg_dump`` dumps (``pg_export_snapshot`` + ``--snapshot``), so a restore that
matches the manifest matches the dump, not a moment near it.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from services.backups.manifest import BackupKind, Manifest, digest_file, write_manifest
from services.backups.pgtools import describe_dsn, pg_binary, split_password
from services.identity import client_name

DEFAULT_TIMEOUT_S = 600.0
_LSN = ("SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
        "ELSE pg_current_wal_lsn() END)::text")


class ProduceFailed(RuntimeError):
    """A backup program failed; the message carries its stderr's last line."""


@dataclass(frozen=True)
class Produced:
    """A backup file and its manifest, both on local disk."""

    path: Path
    manifest_path: Path
    manifest: Manifest


def stamp(at: datetime) -> str:
    """A sortable UTC stamp for file names: ``20250101T020000Z``."""
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_name(component: str, at: datetime, ext: str) -> str:
    return f"{component}-{stamp(at)}.{ext}"


def _run(argv: Sequence[str], *, env: dict[str, str] | None = None,
         timeout_s: float) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, timeout=timeout_s, check=False)
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["(no output)"]
        raise ProduceFailed(f"{Path(argv[0]).name} exited {done.returncode}: {lines[-1]}")


def _finish(path: Path, component: str, kind: BackupKind, created_at: datetime,
            **facts: object) -> Produced:
    digests = digest_file(path)
    manifest = Manifest.model_validate({
        "component": component, "kind": kind, "file": path.name,
        "size_bytes": digests.size_bytes, "sha256": digests.sha256, "md5": digests.md5,
        "created_at": created_at, **facts})
    return Produced(path, write_manifest(path, manifest), manifest)


def _table(name: str) -> sql.Composable:
    return sql.Identifier(*name.split(".", 1))


def dump_postgres(dsn: str, out_dir: Path, component: str, tables: Sequence[str] = (), *,
                  created_at: datetime | None = None,
                  timeout_s: float = DEFAULT_TIMEOUT_S) -> Produced:
    """``pg_dump -Fc`` of the DSN's database, with LSN, schemas and row counts of ``tables``."""
    created_at = created_at or datetime.now(UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / backup_name(component, created_at, "dump")
    conninfo, env = split_password(dsn)
    with psycopg.connect(dsn, autocommit=True, application_name=client_name()) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = str(conn.execute("SELECT pg_export_snapshot()").fetchone()[0])  # type: ignore[index]
        lsn = str(conn.execute(_LSN).fetchone()[0])  # type: ignore[index]
        schemas = sorted(str(r[0]) for r in conn.execute(
            "SELECT schema_name FROM information_schema.schemata"))
        counts = {t: int(conn.execute(  # type: ignore[index]
            sql.SQL("SELECT count(*) FROM {}").format(_table(t))).fetchone()[0])
            for t in tables}
        _run([str(pg_binary("pg_dump")), "-Fc", "--no-password", f"--snapshot={snapshot}",
              "-f", str(path), "-d", conninfo], env=env, timeout_s=timeout_s)
        conn.execute("COMMIT")
    return _finish(path, component, BackupKind.PG_DUMP_CUSTOM, created_at,
                   source=describe_dsn(dsn), source_lsn=lsn, schemas=tuple(schemas),
                   row_counts=counts)


def dump_redis(url: str, out_dir: Path, component: str, *,
               created_at: datetime | None = None,
               timeout_s: float = DEFAULT_TIMEOUT_S) -> Produced:
    """An RDB of the server at ``url``, fetched over the replication protocol (``--rdb``)."""
    created_at = created_at or datetime.now(UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / backup_name(component, created_at, "rdb")
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password:
        env["REDISCLI_AUTH"] = parts.password
    argv = ["redis-cli", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 6379)]
    if parts.username:
        argv += ["--user", parts.username]
    _run([*argv, "--rdb", str(path)], env=env, timeout_s=timeout_s)
    return _finish(path, component, BackupKind.REDIS_RDB, created_at,
                   source=f"{parts.hostname}:{parts.port or 6379}")


def tar_files(paths: Sequence[Path], out_dir: Path, component: str,
              kind: BackupKind = BackupKind.CONFIG_TAR, *,
              created_at: datetime | None = None, base: Path | None = None) -> Produced:
    """A gzipped tarball of ``paths`` (files or folders), named relative to ``base``."""
    created_at = created_at or datetime.now(UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / backup_name(component, created_at, "tar.gz")
    with tarfile.open(path, "w:gz") as tar:
        for item in paths:
            arcname = str(item.relative_to(base)) if base else item.name
            tar.add(item, arcname=arcname)
    return _finish(path, component, kind, created_at,
                   source=str(base) if base else "")
