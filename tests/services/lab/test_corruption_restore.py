"""The database-corruption path in the lab: `lab break corrupt-db`, then the console's
restore from S3 region 2 into the primary, verified against the backup's manifest; the
weekly test restore; a corrupted download refused; read-only refusing with no write.

Runs before test_lab.py (which stops the shared lab at its end); each test heals the lab.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from console.journal.read import read_journal
from console.lab.lab_config import dsn_file
from services.backups.manifest import Manifest
from tests.services.lab.conftest import Lab, run_lab

RESTORE = ("backups", "restore", "postgres")


def _sql(lab: Lab, query: str, dbname: str | None = None) -> list[tuple[Any, ...]]:
    dsn = dsn_file(lab.dir, "primary").read_text().strip()
    if dbname:
        dsn = dsn.replace("dbname=erlmcp", f"dbname={dbname}")
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.execute(query.encode())
        return list(cur.fetchall()) if cur.description else []


def _sessions(lab: Lab) -> int | None:
    if not _sql(lab, "SELECT to_regclass('sessions') IS NOT NULL")[0][0]:
        return None
    return int(_sql(lab, "SELECT count(*) FROM sessions")[0][0])


def _databases(lab: Lab) -> set[str]:
    return {str(r[0]) for r in _sql(lab, "SELECT datname FROM pg_database")}


def _journals(lab: Lab) -> list[Path]:
    return sorted((lab.dir / "journal").glob("**/*.jsonl"))


def _journal_sizes(lab: Lab) -> dict[Path, int]:
    return {p: p.stat().st_size for p in _journals(lab)}


@pytest.fixture
def corrupted(lab_env: Lab) -> Iterator[Lab]:
    broken = run_lab("break", "corrupt-db", "--dir", str(lab_env.dir))
    assert broken.code == 0, broken.err
    assert _sessions(lab_env) is None
    yield lab_env
    healed = run_lab("heal", "corrupt-db", "--dir", str(lab_env.dir))
    assert healed.code == 0, healed.err
    assert _sessions(lab_env) == 500


def _newest_manifest(lab: Lab) -> Manifest:
    folder = lab.dir / "nas" / "postgres-full"
    manifests = [Manifest.from_json(p.read_bytes()) for p in folder.glob("*.manifest.json")]
    return max(manifests, key=lambda m: m.created_at)


def test_restore_from_s3_region_2_after_corruption(corrupted: Lab,
                                                   run_cli: Callable[..., Any]) -> None:
    config = str(corrupted.config)
    unconfirmed = run_cli("--config", config, *RESTORE, "--from", "s3-region-2",
                          "--to", "primary")
    assert unconfirmed.code == 2 and "--confirm primary" in unconfirmed.err
    assert _sessions(corrupted) is None
    broken = run_lab("status", "--dir", str(corrupted.dir))
    assert "faults: corrupt-db" in broken.out  # the table is still gone
    done = run_cli("--config", config, *RESTORE, "--from", "s3-region-2", "--to", "primary",
                   "--confirm", "primary")
    assert done.code == 0, done.out + done.err
    manifest = _newest_manifest(corrupted)
    assert _sessions(corrupted) == manifest.row_counts["sessions"] == 500
    assert int(_sql(corrupted, "SELECT count(*) FROM users")[0][0]) == \
        manifest.row_counts["users"]
    assert "PASS: restored postgres-full" in done.out and "from s3-region-2" in done.out
    assert "rows in sessions: 500 (manifest 500) ok" in done.out
    assert "checksum ok" in done.err and re.search(r"pg_restore (\d+)/\1: ", done.err)
    events = read_journal(_journals_with(corrupted, "restore-postgres")).events
    kinds = [e.type for e in events]
    assert "action-confirmed" in kinds and "action-succeeded" in kinds
    status = run_lab("status", "--dir", str(corrupted.dir))
    assert status.code == 0, status.out
    assert "corrupt-db: repaired (table sessions is back on the primary)" in status.out
    assert "faults: none" in status.out  # judged by the data, not by the lab's record


def _journals_with(lab: Lab, action: str) -> Path:
    found = [p for p in _journals(lab) if f'"{action}"' in p.read_text()]
    assert found, "no journal recorded the restore"
    return found[-1]


def test_weekly_test_restore_passes_records_and_drops(lab_env: Lab,
                                                      run_cli: Callable[..., Any]) -> None:
    before = _databases(lab_env)
    result = run_cli("--config", str(lab_env.config), "backups", "test-restore", "--json")
    assert result.code == 0, result.out + result.err
    report = json.loads(result.out)
    assert report["ok"] is True and report["rto_s"] == 4 * 3600
    assert 0 < report["restore_s"] <= report["seconds"] < report["rto_s"]
    assert all(check["ok"] for check in report["checks"]) and len(report["checks"]) >= 3
    assert _databases(lab_env) == before  # the scratch database was dropped
    maintenance = lab_env.dir / "journal" / "maintenance" / "maintenance.jsonl"
    recorded = [e for e in read_journal(maintenance).events if e.type == "restore-tested"]
    assert recorded and recorded[-1].ok
    assert round(recorded[-1].seconds, 3) == report["seconds"]


def test_corrupted_download_is_refused_before_pg_restore(corrupted: Lab,
                                                         run_cli: Callable[..., Any]) -> None:
    folder = corrupted.dir / "nas" / "postgres-full"
    newest = _newest_manifest(corrupted)
    dump = folder / newest.file
    original = dump.read_bytes()
    flipped = bytearray(original)
    flipped[len(flipped) // 2] ^= 0x01
    dump.write_bytes(bytes(flipped))
    try:
        result = run_cli("--config", str(corrupted.config), *RESTORE, "--from", "nas",
                         "--to", "primary", "--confirm", "primary")
    finally:
        dump.write_bytes(original)
    assert result.code == 1
    assert "does not match its manifest" in result.out and "refused before pg_restore" \
        in result.out
    assert "pg_restore 1/" not in result.err
    assert _sessions(corrupted) is None  # nothing was restored


def test_read_only_refuses_restore_with_no_write(corrupted: Lab, run_cli: Callable[..., Any],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RC_MODE", "read-only")
    journals, databases = _journal_sizes(corrupted), _databases(corrupted)
    site = run_cli("--config", str(corrupted.config), *RESTORE, "--from", "s3-region-2",
                   "--to", "primary", "--confirm", "primary")
    test = run_cli("--config", str(corrupted.config), "backups", "test-restore")
    assert (site.code, test.code) == (1, 1)
    assert "refused" in site.out and "refused" in test.out
    assert _sessions(corrupted) is None
    assert _journal_sizes(corrupted) == journals  # nothing journaled, nothing created
    assert _databases(corrupted) == databases  # no scratch database either
