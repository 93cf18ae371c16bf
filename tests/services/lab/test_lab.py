"""The lab end to end: `lab up`, the console's `status` on it, faults, read-only, `lab down`.

One lab for the module (see conftest). Tests that break something heal it before they
end, and the last test stops the lab, so the order in this file matters.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from console.backends.monitor import build_monitor
from console.backends.real_ops import RealOperations
from console.config.bootstrap import load_all
from console.lab.lab_state import LabState
from console.lab.ports import port_open
from console.lab.users import pid_alive
from services.health.source import HealthSource
from services.models import Site
from services.postgres.lsn import lsn_to_int
from services.postgres.source import PostgresSource
from services.sources import ReadOnlyRefused
from tests.services.lab.conftest import Lab, kube_writes, run_lab, snap

SOURCES = {"backups", "dns", "cluster/primary", "cluster/dr", "health/primary", "health/dr",
           "postgres/primary", "postgres/dr", "redis/primary", "redis/dr", "maintenance"}
KUBECTL = "/usr/bin/kubectl"


def status(run_cli: Callable[..., Any], lab: Lab) -> tuple[int, dict[str, Any]]:
    result = run_cli("--config", str(lab.config), "status", "--json")
    assert result.code != 2, result.err
    doc: dict[str, Any] = json.loads(result.out)
    return result.code, doc


def objective(doc: dict[str, Any], kind: str, ident: str) -> dict[str, Any]:
    return next(o for o in doc["objectives"] if o["kind"] == kind and o["id"] == ident)


def kubectl(lab: Lab, *args: str, context: str = "primary") -> str:
    done = subprocess.run(
        [KUBECTL, "--kubeconfig", str(lab.dir / "kubeconfig"), "--context", context,
         "--cache-dir", str(lab.dir / "kube-cache"), "--request-timeout", "10s", *args],
        capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_up_writes_config_with_secrets_in_0600_files(lab: Lab) -> None:
    text = lab.config.read_text()
    password = (lab.dir / "secrets" / "postgres-password").read_text().strip()
    assert password and password not in text
    assert 'mode = "incident"' in text and "postgres_dsn_file" in text
    for secret in (lab.dir / "secrets").iterdir():
        assert secret.stat().st_mode & 0o777 == 0o600, secret
    shown = run_lab("status", "--dir", str(lab.dir))
    assert shown.code == 0, shown.out
    assert shown.out.count(" up ") == 10 and "DOWN" not in shown.out


def test_up_made_its_directory_reachable_and_the_others_find_it(lab_env: Lab) -> None:
    lab = lab_env
    # Created under umask 077, yet the lab user could enter it: PostgreSQL runs there.
    for folder in (lab.dir, lab.dir.parent):
        assert folder.stat().st_mode & 0o777 == 0o755, folder
    # Not the default directory: every hint carries --dir, so it can be pasted as is.
    hints = [line for line in lab.up_out.splitlines() if "recovery-console lab " in line]
    assert len(hints) == 3 and all(f"--dir {lab.dir}" in line for line in hints), hints
    # Without --dir, the other commands act on the lab last started.
    shown = run_lab("status")
    assert shown.code == 0 and f"lab in {lab.dir}: running" in shown.out, shown.out + shown.err


def test_status_on_the_lab_is_fresh_real_data(lab_env: Lab, run_cli: Callable[..., Any]
                                               ) -> None:
    # RPO evidence counts verified backups only: the daily verification comes first.
    verified = run_cli("--config", str(lab_env.config), "backups", "verify")
    assert verified.code == 0, verified.out
    code, doc = status(run_cli, lab_env)
    assert code == 0, doc["objectives"]  # a healthy lab is green: gaps do not fail it
    verdicts = doc["verdicts"]
    assert (verdicts["sites"]["primary"]["state"], verdicts["sites"]["dr"]["state"]) == (
        "serving", "standby")
    assert verdicts["postgres"]["status"] == "met"
    assert set(doc["sources"]) == SOURCES
    assert {n: s["freshness"] for n, s in doc["sources"].items()} == dict.fromkeys(
        SOURCES, "fresh")
    standby = snap(doc, "postgres/dr")
    assert (standby["role"], standby["in_recovery"], standby["lag_bytes"]) == (
        "standby", True, 0)
    assert snap(doc, "postgres/primary")["role"] == "primary"
    assert snap(doc, "dns")["points_at"] == "primary"
    assert snap(doc, "redis/dr")["role"] == "replica"
    assert (snap(doc, "cluster/primary")["nodes_total"],
            snap(doc, "cluster/dr")["nodes_total"]) == (3, 2)
    entries = snap(doc, "backups")["entries"]
    targets = {e["target"] for e in entries if e["latest_at"] is not None}
    assert targets == {"s3-region-1", "s3-region-2", "azure-region-1", "azure-region-2", "nas"}
    assert snap(doc, "health/primary")["status_code"] == 200
    # DR's endpoint answers from its database, as the drill's does: a standby does not serve.
    dr_health = snap(doc, "health/dr")
    assert (dr_health["status_code"], dr_health["reported_status"]) == (503, "standby")


def test_kubectl_reads_the_double_through_the_lab_kubeconfig(lab: Lab) -> None:
    pods = kubectl(lab, "get", "pods", "-A", "--no-headers")
    assert len(pods.splitlines()) == 20
    assert "erlmcp" in pods


def test_break_primary_db_shows_in_status_and_heal_recovers(
        lab_env: Lab, run_cli: Callable[..., Any]) -> None:
    _, before = status(run_cli, lab_env)
    assert run_lab("break", "primary-db").code == 0  # the lab last started: this one
    try:
        code, doc = status(run_cli, lab_env)
        assert code != 0
        primary = doc["sources"]["postgres/primary"]
        assert primary["freshness"] == "stale" and "refused" in primary["error"]
        # A database that refuses connections cannot be said writable or not: UNKNOWN,
        # with the reason; and what DR lacks cannot be measured without the primary.
        rto, rpo = objective(doc, "rto", "database"), objective(doc, "rpo", "database")
        assert rto["status"] == "unknown" and "refused" in rto["evidence"]
        assert rto["evidence"] != objective(before, "rto", "database")["evidence"]
        assert rpo["status"] != "met" and "postgres/primary" in rpo["evidence"]
        health = snap(doc, "health/primary")
        assert (health["status_code"], health["reported_status"]) == (
            503, "database unreachable")
    finally:
        healed = run_lab("heal", "--dir", str(lab_env.dir))
    assert healed.code == 0 and "primary-db: healed" in healed.out
    _, doc = status(run_cli, lab_env)
    assert doc["sources"]["postgres/primary"]["freshness"] == "fresh"
    assert objective(doc, "rto", "database")["status"] == "met"
    assert pid_alive(lab_env.state().components["postgres-primary"].pid)


def test_site_replication_and_backup_faults(lab_env: Lab, run_cli: Callable[..., Any]
                                            ) -> None:
    for fault in ("primary-site", "replication", "backups", "primary-redis"):
        assert run_lab("break", fault, "--dir", str(lab_env.dir)).code == 0, fault
    try:
        _, doc = status(run_cli, lab_env)
        assert "refused" in snap(doc, "health/primary")["error"]
        assert snap(doc, "cluster/primary")["nodes_ready"] == 0
        standby, primary = snap(doc, "postgres/dr"), snap(doc, "postgres/primary")
        # Receiver cut and ~2 MB written since: that is what a failover now would lose.
        exposed = lsn_to_int(primary["current_lsn"]) - lsn_to_int(standby["receive_lsn"])
        assert exposed > 1_500_000
        assert standby["wal_receiver_connected"] is False
        assert standby["last_wal_receipt_at"] is None
        assert standby["replay_backlog_bytes"] == 0  # received WAL is applied; none arrives
        assert doc["sources"]["redis/primary"]["freshness"] == "stale"
        entries = snap(doc, "backups")["entries"]
        assert all(e["latest_at"] is None for e in entries if e["target"].startswith("s3"))
        month_ago = datetime.now(UTC) - timedelta(days=30)
        nas = [datetime.fromisoformat(e["latest_at"]) for e in entries if e["target"] == "nas"]
        assert nas and max(nas) < month_ago
    finally:
        healed = run_lab("heal", "--dir", str(lab_env.dir))
    assert healed.code == 0 and healed.out.count("healed") == 4, healed.out
    assert lab_env.state().faults == []
    _, doc = status(run_cli, lab_env)
    assert snap(doc, "cluster/primary")["nodes_ready"] == 3
    assert snap(doc, "health/primary")["status_code"] == 200
    assert snap(doc, "redis/dr")["link_up"] is True
    assert snap(doc, "postgres/dr")["wal_receiver_connected"] is True


async def test_read_only_refuses_every_mutation_and_servers_saw_none(
        lab_env: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RC_MODE", "read-only")
    loaded = load_all(lab_env.config)
    monitor, _ = build_monitor(loaded.settings, loaded.plan)
    ops = monitor.operations
    assert isinstance(ops, RealOperations)
    calls = [ops.scale(Site.PRIMARY, "erlmcp", "erlmcp", 0), ops.promote_postgres(Site.DR),
             ops.promote_redis(Site.DR), ops.rewrite_aof(Site.PRIMARY), ops.dns_failover(),
             ops.dns_rollback(), ops.restore("postgres-full", "nas"),
             ops.run_script("/bin/true", [], 5), ops.notify("initial", "lab")]
    for call in calls:
        with pytest.raises(ReadOnlyRefused):
            await call
    by_name = {s.name: s for s in monitor.sources}
    for name in ("postgres/dr", "redis/dr", "cluster/primary", "dns"):  # adapters refuse too
        with pytest.raises(ReadOnlyRefused):
            source: Any = by_name[name]
            await (source.failover() if name == "dns" else source.scale("erlmcp", "erlmcp", 0)
                   if name.startswith("cluster") else source.promote())
    named: Any = by_name["postgres/dr"]  # sessions name the console and the lab's operator
    assert await named.verify(["SHOW application_name"]) == [
        ("SHOW application_name", "recovery-console/lab")]
    readings = await monitor.poller.poll_once()
    await monitor.stop()
    dns, pg, rd = (readings[n].snapshot for n in ("dns", "postgres/dr", "redis/dr"))
    assert dns is not None and dns.points_at is Site.PRIMARY  # type: ignore[attr-defined]
    assert pg is not None and pg.in_recovery is True  # type: ignore[attr-defined]
    assert rd is not None and rd.role == "replica"  # type: ignore[attr-defined]
    assert (kube_writes(lab_env.dir, "primary"), kube_writes(lab_env.dir, "dr")) == (0, 0)
    replicas = kubectl(lab_env, "get", "deployment", "erlmcp", "-n", "erlmcp",
                       "-o", "jsonpath={.spec.replicas}")
    assert replicas == "3"


async def test_dr_health_turns_ok_once_the_console_promotes(lab_env: Lab) -> None:
    """Promoted through the console's adapter, behind the lab's back: health follows.

    Irreversible (DR becomes a second primary), so it runs after every other test that
    needs the standby, just before the lab goes down.
    """
    dsn = (lab_env.dir / "secrets" / "dr-postgres.dsn").read_text().strip()
    url = f"http://127.0.0.1:{lab_env.state().components['health-dr'].port}/v3/health"
    health = HealthSource(Site.DR, url, timeout_s=5)
    try:
        assert (await health.poll()).reported_status == "standby"
        await PostgresSource(Site.DR, "dr", dsn, timeout_s=5, read_only=False).promote()
        deadline = time.monotonic() + 5
        while not (answer := await health.poll()).ok and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
    finally:
        await health.close()
    assert (answer.status_code, answer.reported_status) == (200, "ok")


def test_bad_input_is_exit_2(tmp_path: Path) -> None:
    assert run_lab("status", "--dir", str(tmp_path / "nothing")).code == 2
    assert run_lab("break", "the-moon", "--dir", str(tmp_path)).code == 2


def test_down_leaves_no_process_of_the_lab(lab: Lab) -> None:
    state = lab.state()
    pids = [c.pid for c in state.components.values()]
    ports = [c.port for c in state.components.values()]
    assert all(pid_alive(pid) for pid in pids)
    stopped = run_lab("down", "--dir", str(lab.dir))
    assert stopped.code == 0, stopped.err
    assert [pid for pid in pids if pid_alive(pid)] == []
    assert [port for port in ports if port_open(port)] == []
    mentions = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _mentions(p, lab.dir)]
    assert mentions == []
    after = LabState.load(lab.dir)
    assert after is not None and after.running is False
    assert run_lab("status", "--dir", str(lab.dir)).code == 1


def _mentions(proc: Path, lab_dir: Path) -> bool:
    try:
        return str(lab_dir).encode() in (proc / "cmdline").read_bytes()
    except OSError:
        return False
