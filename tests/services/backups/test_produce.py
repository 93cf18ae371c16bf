"""Real backups from real servers: a pg_dump that pg_restore reads, an RDB, a tarball."""

from __future__ import annotations

import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.lab.postgres_lab import PostgresLab
from console.lab.redis_lab import RedisLab
from services.backups.manifest import BackupKind, Manifest, digest_file, manifest_name
from services.backups.pgtools import pg_binary, split_password
from services.backups.produce import dump_postgres, dump_redis, tar_files
from services.identity import client_name
from tests.services.lab_fixture import running_lab


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresLab]:
    yield from running_lab(PostgresLab, "rc-produce-pg-", servers=2)


@pytest.fixture(scope="module")
def rd() -> Iterator[RedisLab]:
    yield from running_lab(RedisLab, "rc-produce-redis-", servers=2)


def _sidecar(path: Path) -> Manifest:
    return Manifest.from_json((path.parent / manifest_name(path.name)).read_bytes())


def test_pg_dump_manifest_matches_the_database(pg: PostgresLab, tmp_path: Path) -> None:
    made = dump_postgres(pg.primary_dsn, tmp_path, "postgres-full", ("users", "sessions"))
    manifest = _sidecar(made.path)
    assert manifest == made.manifest
    assert manifest.kind is BackupKind.PG_DUMP_CUSTOM
    assert manifest.row_counts == {"users": 300, "sessions": 500}
    assert "public" in manifest.schemas
    assert manifest.source_lsn and "/" in manifest.source_lsn
    assert pg.password not in made.manifest_path.read_text()
    digests = digest_file(made.path)
    assert (manifest.sha256, manifest.size_bytes) == (digests.sha256, digests.size_bytes)
    listing = subprocess.run([str(pg_binary("pg_restore")), "--list", str(made.path)],
                             capture_output=True, text=True, check=True).stdout
    assert "TABLE public users" in listing and "TABLE DATA public sessions" in listing


def test_pg_dump_of_the_standby_takes_its_replay_lsn(pg: PostgresLab, tmp_path: Path) -> None:
    made = dump_postgres(pg.standby_dsn, tmp_path, "postgres-full", ("users",))
    assert made.manifest.row_counts == {"users": 300}
    assert made.manifest.source_lsn


def test_redis_rdb_is_a_real_snapshot(rd: RedisLab, tmp_path: Path) -> None:
    rd.client(rd.primary_port).set("session:x", "y")
    made = dump_redis(rd.primary_url, tmp_path, "redis-rdb")
    assert made.path.read_bytes()[:5] == b"REDIS"
    assert b"session:x" in made.path.read_bytes()
    assert _sidecar(made.path).kind is BackupKind.REDIS_RDB


def test_config_tarball_holds_the_files(tmp_path: Path) -> None:
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "app.toml").write_text("a = 1\n")
    made = tar_files([conf], tmp_path / "out", "configuration-git", base=tmp_path)
    with tarfile.open(made.path) as tar:
        assert "conf/app.toml" in tar.getnames()
    assert made.manifest.sha256 == digest_file(made.path).sha256


def test_pg_tools_name_themselves_to_the_server(pg: PostgresLab) -> None:
    """pg_dump and pg_restore get the environment of split_password: a DBA sees them in
    pg_stat_activity as the console's, and the password never reaches argv."""
    conninfo, env = split_password(pg.primary_dsn)
    assert pg.password not in conninfo
    shown = subprocess.run(
        [str(pg_binary("psql")), "--no-psqlrc", "-At", "-d", conninfo,
         "-c", "SELECT current_setting('application_name')"],
        env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert shown == client_name()
