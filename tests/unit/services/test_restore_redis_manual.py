"""Redis restore without a placement: the RDB is downloaded and checked, nothing is touched,
and the report carries the exact commands to run. Plus the pieces the real restore relies
on: the RDB header's key count, placement that keeps what was there, checksum refusal.

A NAS store in a temporary directory holds a real RDB (written by redis-server 7.0: two
keys in db0); no server is needed for any of this.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.lab.ports import free_port
from services.backups.manifest import BackupKind, Manifest, digest_file, write_manifest
from services.backups.nas import NasBackupStore
from services.backups.restore_rdb import place, read_header
from services.backups.restore_redis import restore_redis
from services.sources import BadAnswer, ReadOnlyRefused

RDB = bytes.fromhex(
    "524544495330303130fa0972656469732d76657206372e302e3135fa0a72656469732d62697473c040"
    "fa056374696d65c20d370d6bfa08757365642d6d656dc2c0550e00fa08616f662d62617365c000fe00"
    "fb0200000161c001000162c002ff659fe21fb68be287")
COMPONENT = "redis-rdb"


def _store(tmp_path: Path, data: bytes = RDB, *, manifest_of: bytes = RDB) -> NasBackupStore:
    folder = tmp_path / "nas" / COMPONENT
    folder.mkdir(parents=True)
    name = "redis-rdb-20261130T020000Z.rdb"
    (folder / name).write_bytes(manifest_of)
    digests = digest_file(folder / name)
    write_manifest(folder / name, Manifest(
        component=COMPONENT, kind=BackupKind.REDIS_RDB, file=name,
        size_bytes=digests.size_bytes, sha256=digests.sha256, md5=digests.md5,
        created_at=datetime(2026, 11, 30, 2, tzinfo=UTC)))
    (folder / name).write_bytes(data)
    return NasBackupStore(tmp_path / "nas", "nas")


def test_the_header_says_how_many_keys_the_rdb_holds(tmp_path: Path) -> None:
    path = tmp_path / "dump.rdb"
    path.write_bytes(RDB)
    header = read_header(path)
    assert (header.version, header.db, header.keys) == (10, 0, 2)
    path.write_bytes(b"PGDMP" + RDB[5:])
    with pytest.raises(BadAnswer, match="not an RDB"):
        read_header(path)


def test_without_placement_the_checked_rdb_is_kept_and_the_commands_shown(
        tmp_path: Path) -> None:
    lines: list[str] = []
    port = free_port()  # nobody listens: the server's own paths are unknown
    report = asyncio.run(restore_redis(
        _store(tmp_path), COMPONENT, "dr", redis_url=f"redis://127.0.0.1:{port}/0",
        placement=None, progress=lines.append, work_dir=tmp_path))
    assert not report.placed and not report.ok
    assert report.kept is not None and report.kept.read_bytes() == RDB
    text = "\n".join(report.lines())
    assert text.startswith("NOT RESTORED: the console cannot place an RDB on dr "
                           "(no [restore.redis_dr] rdb_path and restart_command)")
    assert f"sha256sum {report.kept}" in text
    cli = f"redis-cli -h 127.0.0.1 -p {port}"
    assert f'REDIS_DIR="$({cli} CONFIG GET dir | tail -n 1)"' in text
    assert f"{cli} SHUTDOWN NOSAVE" in text
    assert f'cp {report.kept} "$REDIS_DIR"/dump.rdb' in text
    assert "appendonlydir.before-restore   # only if the server runs with appendonly yes" \
        in text  # the server did not answer: whether AOF is on is unknown
    assert text.rstrip().endswith(f"{cli} INFO keyspace   # must show 2 keys in db0")
    assert any(line.startswith("checksum ok") for line in lines)


def test_a_copy_that_does_not_match_its_manifest_is_refused_and_not_kept(
        tmp_path: Path) -> None:
    flipped = bytearray(RDB)
    flipped[40] ^= 1
    with pytest.raises(BadAnswer, match=r"does not match its manifest.*before it was placed"):
        asyncio.run(restore_redis(_store(tmp_path, bytes(flipped)), COMPONENT, "primary",
                                  redis_url=None, placement=None, work_dir=tmp_path))
    assert not list(tmp_path.glob("rc-restore-redis-*/*"))


def test_read_only_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(ReadOnlyRefused):
        asyncio.run(restore_redis(NasBackupStore(tmp_path / "missing"), COMPONENT, "primary",
                                  redis_url=None, placement=None, read_only=True))


def test_placement_keeps_the_old_files_and_makes_the_rdb_the_aof_base(tmp_path: Path) -> None:
    rdb = tmp_path / "new.rdb"
    rdb.write_bytes(RDB)
    server = tmp_path / "server"
    (server / "appendonlydir").mkdir(parents=True)
    (server / "dump.rdb").write_bytes(b"old data")
    (server / "appendonlydir" / "appendonly.aof.1.incr.aof").write_bytes(b"old writes")
    done = place(rdb, server / "dump.rdb", "STAMP")
    assert (server / "dump.rdb").read_bytes() == RDB
    assert (server / "dump.rdb.before-restore-STAMP").read_bytes() == b"old data"
    kept = server / "appendonlydir.before-restore-STAMP" / "appendonly.aof.1.incr.aof"
    assert kept.read_bytes() == b"old writes"
    assert (server / "appendonlydir" / "appendonly.aof.1.base.rdb").read_bytes() == RDB
    assert (server / "appendonlydir" / "appendonly.aof.manifest").read_text() == \
        "file appendonly.aof.1.base.rdb seq 1 type b\n"
    assert len(done) == 4
