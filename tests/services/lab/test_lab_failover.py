"""The plays in the lab (incident mode, real servers): a failover refused by the data gate
changes nothing; a failover of a broken primary site ends with DR serving; read-only runs
no play and writes nothing.

The module starts a lab of its own: a failover cannot be undone by ``lab heal`` (the DR
database is promoted), so the session's shared lab must not see it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from console.journal.events import ActionRequested, ActionSucceeded, ActionUnknown
from console.journal.read import read_journal
from console.lab import lab_faults
from console.lab.lab_state import LabState
from tests.services.lab.conftest import kube_writes, own_lab, run_lab, snap, status_doc

DR = "lab dr"


@pytest.fixture(scope="module")
def lab_dir() -> Iterator[Path]:
    yield from own_lab("rc-lab-failover-")


def test_read_only_runs_no_play(lab_dir: Path, run_cli: Callable[..., Any],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RC_MODE", "read-only")
    for args in (("failover", "--to", "dr", "--confirm", DR, "--reason", "x"),
                 ("rollback", "--confirm", "lab primary", "--reason", "x")):
        done = run_cli("--config", str(lab_dir / "config.toml"), *args)
        assert done.code == 1 and "read-only" in done.out, done
    assert kube_writes(lab_dir, "primary") == kube_writes(lab_dir, "dr") == 0
    assert not (lab_dir / "journal").exists() or not list((lab_dir / "journal").iterdir())


def test_failover_refused_by_the_data_gate_changes_nothing(
        lab_dir: Path, run_cli: Callable[..., Any]) -> None:
    for fault in ("replication", "primary-site"):
        assert run_lab("break", fault, "--dir", str(lab_dir)).code == 0
    state = LabState.load(lab_dir)
    assert state is not None
    lab_faults.postgres(state).write_mb(4)  # with the fault's ~2 MB: >= 5 MiB unreceived
    before = status_doc(run_cli, lab_dir)
    done = run_cli("--config", str(lab_dir / "config.toml"), "failover", "--to", "dr",
                   "--confirm", DR)
    assert done.code == 1, done.out
    assert "refused" in done.out and "data-loss exposure: postgres/dr has not received" in \
        done.out, done.out
    assert "MiB of WAL (> max_lag_on_failover 1.0 MiB)" in done.out
    after = status_doc(run_cli, lab_dir)
    assert snap(after, "dns")["points_at"] == "primary" == snap(before, "dns")["points_at"]
    assert snap(after, "postgres/dr")["in_recovery"] is True
    assert snap(after, "redis/dr")["role"] == "replica"
    assert kube_writes(lab_dir, "dr") == 0
    healed = run_lab("heal", "--dir", str(lab_dir))
    assert healed.code == 0, healed.out


def test_failover_of_a_broken_primary_site(lab_dir: Path, run_cli: Callable[..., Any],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    for fault in ("primary-site", "primary-db", "primary-redis"):
        assert run_lab("break", fault, "--dir", str(lab_dir)).code == 0
    started = time.monotonic()
    done = run_cli("--config", str(lab_dir / "config.toml"), "failover", "--to", "dr",
                   "--confirm", DR, "--reason", "primary site down, its database stopped")
    took = time.monotonic() - started
    with capsys.disabled():
        print(f"\nfailover command, start to verified: {took:.1f}s")
    assert done.code == 0, done.out
    assert "failover verified in" in done.out
    doc = status_doc(run_cli, lab_dir)
    assert snap(doc, "dns")["points_at"] == "dr"
    assert snap(doc, "postgres/dr")["in_recovery"] is False
    assert snap(doc, "redis/dr")["role"] == "master"
    assert snap(doc, "health/dr")["status_code"] == 200
    rto = next(o for o in doc["objectives"] if o["kind"] == "rto" and o["id"] == "app-services")
    assert rto["status"] == "met", rto
    journals = list((lab_dir / "journal").glob("*.jsonl"))
    assert len(journals) == 1
    events = read_journal(journals[0]).events
    requested = [e.action for e in events if isinstance(e, ActionRequested)]
    succeeded = [e.action for e in events if isinstance(e, ActionSucceeded)]
    assert requested == succeeded and not [e for e in events if isinstance(e, ActionUnknown)]
    assert requested[:2] == ["promote-postgres", "promote-redis"]
    assert {"switch-site", "scale-deployment", "dns-failover", "wait-for-health"} <= set(
        requested)
    assert kube_writes(lab_dir, "dr") >= 3  # ConfigMap, restart, scale
