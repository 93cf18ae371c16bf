"""Rollback in the lab, for real (incident mode, real servers): a console that never saw
the primary alive fails over without an override, on the position an earlier console
recorded; the rollback is refused while the old primary is no standby; once it is rebuilt
as DR's standby, ``rollback`` fences DR, promotes the primary side, moves DNS back and
rebuilds DR behind it, with every write DR acknowledged present on the primary.

Its own lab: a failover and a rollback are not undone by ``lab heal``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from console.journal.events import (
    ActionFailed,
    ActionRequested,
    ActionSucceeded,
    ActionUnknown,
)
from console.journal.read import read_journal
from tests.services.lab.conftest import own_lab, run_lab, snap, status_doc

DR, PRIMARY = "lab dr", "lab primary"


@pytest.fixture(scope="module")
def lab_dir() -> Iterator[Path]:
    yield from own_lab("rc-lab-rollback-")


def _cli(run_cli: Callable[..., Any], lab: Path, *args: str) -> Any:
    return run_cli("--config", str(lab / "config.toml"), *args)


def _write_acknowledged(lab: Path, site: str, ids: range) -> None:
    """Each row committed through the site's DSN: once execute returns, it is acknowledged."""
    dsn = (lab / "secrets" / f"{site}-postgres.dsn").read_text().strip()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS acked (id int PRIMARY KEY, note text)")
        for n in ids:
            conn.execute("INSERT INTO acked VALUES (%s, %s)", (n, f"written on {site}"))


def _ids_on(lab: Path, site: str) -> set[int]:
    dsn = (lab / "secrets" / f"{site}-postgres.dsn").read_text().strip()
    with psycopg.connect(dsn, autocommit=True) as conn:
        return {int(row[0]) for row in conn.execute("SELECT id FROM acked").fetchall()}


def test_a_fresh_failover_trusts_a_recent_last_seen_position(
        lab_dir: Path, run_cli: Callable[..., Any]) -> None:
    assert snap(status_doc(run_cli, lab_dir), "postgres/primary")["role"] == "primary"
    # ... seen by an incident console, which recorded where its WAL was, and when
    recorded = json.loads((lab_dir / "journal" / "last-seen.json").read_text())
    assert recorded["postgres"]["primary"]["current_lsn"]
    for fault in ("primary-site", "primary-db", "primary-redis"):
        assert run_lab("break", fault, "--dir", str(lab_dir)).code == 0
    done = _cli(run_cli, lab_dir, "failover", "--to", "dr", "--confirm", DR)  # no --reason
    assert done.code == 0, done.out
    assert "OK: data-loss: data-loss exposure within max_lag_on_failover" in done.out
    assert "failover loses at least ~0 B; primary last seen" in done.out
    assert "failover verified in" in done.out


def test_rollback_after_failover_loses_no_acknowledged_write(
        lab_dir: Path, run_cli: Callable[..., Any],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert snap(status_doc(run_cli, lab_dir), "dns")["points_at"] == "dr"  # failed over
    _write_acknowledged(lab_dir, "dr", range(0, 100))
    refused = _cli(run_cli, lab_dir, "rollback", "--confirm", PRIMARY)
    assert refused.code == 1 and "standby-in-sync" in refused.out, refused.out
    assert snap(status_doc(run_cli, lab_dir), "dns")["points_at"] == "dr"  # nothing moved
    healed = run_lab("heal", "--dir", str(lab_dir))
    assert healed.code == 0 and "primary-db: left stopped" in healed.out, healed.out
    rebuilt = run_lab("rebuild", "primary", "--dir", str(lab_dir))
    assert rebuilt.code == 0, rebuilt.err
    assert "primary rebuilt as a standby" in rebuilt.out
    _write_acknowledged(lab_dir, "dr", range(100, 200))  # streamed to the rebuilt standby

    started = time.monotonic()
    done = _cli(run_cli, lab_dir, "rollback", "--confirm", PRIMARY)
    took = time.monotonic() - started
    with capsys.disabled():
        print(f"\nrollback command, start to verified: {took:.1f}s")
    assert done.code == 0, done.out
    assert "rollback verified in" in done.out
    assert "its standby received all of it" in done.out  # the fence lost nothing

    doc = status_doc(run_cli, lab_dir)
    assert snap(doc, "dns")["points_at"] == "primary"
    assert snap(doc, "health/primary")["status_code"] == 200
    assert snap(doc, "postgres/primary")["in_recovery"] is False
    assert snap(doc, "redis/primary")["role"] == "master"
    assert snap(doc, "postgres/dr")["in_recovery"] is True  # DR protects it again
    assert snap(doc, "redis/dr")["role"] == "replica"
    assert _ids_on(lab_dir, "primary") == set(range(200))
    _write_acknowledged(lab_dir, "primary", range(200, 201))  # the primary takes writes

    journals = list((lab_dir / "journal").glob("*.jsonl"))
    assert len(journals) == 1  # the failover's incident, resumed by the rollback
    events = read_journal(journals[0]).events
    requested = [(e.step, e.action) for e in events if isinstance(e, ActionRequested)]
    succeeded = [(e.step, e.action) for e in events if isinstance(e, ActionSucceeded)]
    assert requested == succeeded
    assert not [e for e in events if isinstance(e, ActionUnknown | ActionFailed)]
    rollback = [pair for pair in requested if pair[0].startswith("rollback-")]
    assert rollback == [
        ("rollback-demote-dr", "demote-site"),
        ("rollback-promote-postgres", "promote-postgres"),
        ("rollback-promote-redis", "promote-redis"),
        ("rollback-initiate", "switch-site"),
        ("rollback-restore-primary", "scale-deployment"),
        ("rollback-update-dns", "dns-rollback"),
        ("rollback-rebuild-dr", "rebuild-standby"),
    ]
