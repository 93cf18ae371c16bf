"""Restore for real: a pg_dump in moto, Azurite and a NAS directory, pg_restore'd into a
real PostgreSQL, then counted against its manifest."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from console.lab.azurite_lab import AzuriteLab
from console.lab.moto_lab import MotoLab
from console.lab.postgres_lab import PostgresLab
from services.backups.azure import AzureBackupStore
from services.backups.manifest import manifest_name
from services.backups.nas import NasBackupStore
from services.backups.produce import Produced, dump_postgres
from services.backups.restore import (
    ChecksumMismatch,
    NoBackup,
    restore_postgres,
    scratch_restore,
)
from services.backups.s3 import S3BackupStore
from services.sources import ReadOnlyRefused
from tests.services.lab_fixture import running_lab

COMPONENT = "postgres-full"
TABLES = ("users", "sessions")
BUCKET = "erlmcp-restore-r2"
CONTAINER = "erlmcp-restore"


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresLab]:
    yield from running_lab(PostgresLab, "rc-restore-pg-", servers=2)


@dataclass(frozen=True)
class Stores:
    dump: Produced
    s3: S3BackupStore
    azure: AzureBackupStore
    nas: NasBackupStore


@pytest.fixture(scope="module")
def stores(pg: PostgresLab, moto: MotoLab, azurite: AzuriteLab) -> Iterator[Stores]:
    work = Path(tempfile.mkdtemp(prefix="rc-restore-stores-"))
    try:
        made = dump_postgres(pg.primary_dsn, work / "out", COMPONENT, TABLES)
        files = {made.path.name: made.path.read_bytes(),
                 manifest_name(made.path.name): made.manifest_path.read_bytes()}
        s3 = moto.client("s3", "us-west-2")
        s3.create_bucket(Bucket=BUCKET,
                         CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        container = azurite.container(CONTAINER)
        container.create_container()
        nas = work / "nas" / COMPONENT
        nas.mkdir(parents=True)
        for name, body in files.items():
            s3.put_object(Bucket=BUCKET, Key=f"{COMPONENT}/{name}", Body=body)
            container.upload_blob(f"{COMPONENT}/{name}", body)
            (nas / name).write_bytes(body)
        yield Stores(made,
                     S3BackupStore("s3-region-2", BUCKET, "", "us-west-2", moto.endpoint_url,
                                   "testing", "testing", timeout_s=5),
                     AzureBackupStore("azure-region-1", CONTAINER,
                                      connection_string=azurite.connection_string,
                                      timeout_s=5),
                     NasBackupStore(work / "nas"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _count(pg: PostgresLab, table: str) -> int:
    return int(str(pg.sql(pg.primary_port, f"SELECT count(*) FROM {table}")[0][0]))


def _databases(pg: PostgresLab) -> set[str]:
    return {str(r[0]) for r in pg.sql(pg.primary_port, "SELECT datname FROM pg_database")}


def test_restore_from_s3_region_2_repairs_a_dropped_table(pg: PostgresLab,
                                                          stores: Stores) -> None:
    pg.sql(pg.primary_port, "DROP TABLE sessions")
    lines: list[str] = []
    report = asyncio.run(restore_postgres(stores.s3, COMPONENT, pg.primary_dsn, "primary",
                                          progress=lines.append))
    assert report.ok, report.lines()
    assert (_count(pg, "sessions"), _count(pg, "users")) == (500, 300)
    assert report.key == f"{COMPONENT}/{stores.dump.path.name}"
    assert [c.line() for c in report.comparisons] == [
        "rows in sessions: 500 (manifest 500) ok", "rows in users: 300 (manifest 300) ok",
        f"schemata: {', '.join(sorted(set(stores.dump.manifest.schemas)))} "
        f"(manifest {', '.join(sorted(set(stores.dump.manifest.schemas)))}) ok"]
    assert any(line.startswith("checksum ok") for line in lines)
    assert any(line.startswith("pg_restore ") and "/" in line for line in lines)
    assert pg.password not in "\n".join(lines + report.lines())


def test_scratch_restore_from_nas_passes_times_and_drops(pg: PostgresLab,
                                                         stores: Stores) -> None:
    before = _databases(pg)
    report = asyncio.run(scratch_restore(stores.nas, COMPONENT, pg.primary_dsn))
    assert report.ok and report.target.startswith("scratch erlmcp_restore_")
    assert report.restore_s > 0 and report.total_s >= report.restore_s
    assert _databases(pg) == before  # the scratch database is gone


def test_scratch_restore_from_azure(pg: PostgresLab, stores: Stores) -> None:
    report = asyncio.run(scratch_restore(stores.azure, COMPONENT, pg.primary_dsn))
    assert report.ok and report.store == "azure-region-1"


def test_a_restore_that_does_not_match_the_manifest_fails(pg: PostgresLab,
                                                          stores: Stores) -> None:
    report = asyncio.run(scratch_restore(stores.nas, COMPONENT, pg.primary_dsn, keep=True))
    name = report.target.removeprefix("scratch ")
    try:
        pg.sql(pg.primary_port, "DELETE FROM sessions WHERE id <= 10", dbname=name)
        from services.postgres.restore_db import compare, with_dbname

        found = asyncio.run(compare(with_dbname(pg.primary_dsn, name),
                                    stores.dump.manifest.row_counts,
                                    stores.dump.manifest.schemas))
        bad = [c.line() for c in found if not c.ok]
        assert bad == ["rows in sessions: 490 (manifest 500) MISMATCH"]
    finally:
        pg.sql(pg.primary_port, f'DROP DATABASE "{name}" WITH (FORCE)', dbname="postgres")


def test_corrupted_download_is_refused_before_pg_restore(pg: PostgresLab, stores: Stores,
                                                         moto: MotoLab) -> None:
    bad = bytearray(stores.dump.path.read_bytes())
    bad[len(bad) // 2] ^= 0xFF
    s3 = moto.client("s3", "us-west-2")
    key = f"{COMPONENT}/{stores.dump.path.name}"
    s3.put_object(Bucket=BUCKET, Key=key, Body=bytes(bad))
    pg.sql(pg.primary_port, "TRUNCATE sessions")
    try:
        with pytest.raises(ChecksumMismatch, match="refused before pg_restore"):
            asyncio.run(restore_postgres(stores.s3, COMPONENT, pg.primary_dsn, "primary"))
        assert _count(pg, "sessions") == 0  # pg_restore never ran
    finally:
        s3.put_object(Bucket=BUCKET, Key=key, Body=stores.dump.path.read_bytes())
        asyncio.run(restore_postgres(stores.s3, COMPONENT, pg.primary_dsn, "primary"))
    assert _count(pg, "sessions") == 500


def test_a_larger_object_than_its_manifest_is_cut_off(pg: PostgresLab, stores: Stores) -> None:
    nas = stores.nas.path / COMPONENT / stores.dump.path.name
    original = nas.read_bytes()
    nas.write_bytes(original + b"\0" * (3 * 1024 * 1024))
    try:
        with pytest.raises(Exception, match="larger than"):
            asyncio.run(scratch_restore(stores.nas, COMPONENT, pg.primary_dsn))
    finally:
        nas.write_bytes(original)


def test_read_only_refuses_before_reading_anything(pg: PostgresLab, stores: Stores) -> None:
    before = _databases(pg)
    lines: list[str] = []
    with pytest.raises(ReadOnlyRefused):
        asyncio.run(scratch_restore(stores.s3, COMPONENT, pg.primary_dsn, read_only=True,
                                    progress=lines.append))
    with pytest.raises(ReadOnlyRefused):
        asyncio.run(restore_postgres(stores.s3, COMPONENT, pg.primary_dsn, "primary",
                                     read_only=True, progress=lines.append))
    assert lines == [] and _databases(pg) == before


def test_newest_without_manifest_is_passed_over(pg: PostgresLab, stores: Stores) -> None:
    stray = stores.nas.path / COMPONENT / "postgres-full-29990101T000000Z.dump"
    stray.write_bytes(b"not a dump")
    try:
        lines: list[str] = []
        report = asyncio.run(scratch_restore(stores.nas, COMPONENT, pg.primary_dsn,
                                             progress=lines.append))
        assert report.ok and report.key == stores.dump.path.name
        assert any(stray.name in line and "no manifest" in line for line in lines)
        with pytest.raises(NoBackup):
            asyncio.run(scratch_restore(stores.nas, "postgres-nothing", pg.primary_dsn))
    finally:
        stray.unlink()


def test_newest_is_by_manifest_not_by_upload(pg: PostgresLab, stores: Stores) -> None:
    from datetime import timedelta

    from services.backups.restore import choose

    older = dump_postgres(pg.primary_dsn, stores.nas.path / "old", COMPONENT, TABLES,
                          created_at=stores.dump.manifest.created_at - timedelta(days=1))
    folder = stores.nas.path / COMPONENT
    copies = [folder / older.path.name, folder / older.manifest_path.name]
    try:
        for made, copy in zip((older.path, older.manifest_path), copies, strict=True):
            copy.write_bytes(made.read_bytes())  # uploaded last: the newest mtime
        chosen = choose(stores.nas, COMPONENT)
        assert chosen.key == stores.dump.path.name
        assert choose(stores.nas, COMPONENT, exclude={stores.dump.path.name}).key == \
            older.path.name
    finally:
        for copy in copies:
            copy.unlink(missing_ok=True)
        shutil.rmtree(stores.nas.path / "old", ignore_errors=True)
