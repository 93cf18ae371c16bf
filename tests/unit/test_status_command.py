"""``recovery-console status``: the dashboard's facts for people and scripts, and its exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from console.plan.loader import default_plan_path
from services.drill import SOURCE_NAMES


@pytest.fixture
def met_config(tmp_path: Path, mini_plan_text: str) -> Path:
    """A plan whose objectives the drill's steady state meets (ids of its own: the
    measures say what judges them)."""
    (tmp_path / "plan.toml").write_text(mini_plan_text)
    config = tmp_path / "config.toml"
    config.write_text('plan = "plan.toml"\n')
    return config


def test_exit_0_when_every_objective_is_met(run_cli, met_config: Path) -> None:
    result = run_cli("--config", str(met_config), "status")
    assert result.code == 0, result.out
    assert "drill scenario steady" in result.out
    rpo = _row(result.out, "RPO")
    assert rpo[:4] == ["RPO", "Database", "5m", "MET"]
    assert rpo[4].startswith("failover loses ") and rpo[4].endswith(" in flight <= RPO 5m")


def test_exit_1_when_an_objective_is_breached(run_cli, met_config: Path) -> None:
    result = run_cli("--config", str(met_config), "status", "--scenario",
                     "datacenter-failure", "--at", "10m")
    assert result.code == 1
    # The standby streamed until the primary vanished: the loss is what the primary wrote
    # after the console last saw it, which nobody can know; never a made-up 8m of writes.
    assert _row(result.out, "RPO")[3:] == [
        "AT RISK", "standby has all the primary last reported "
                   "(postgres/primary last seen 8m15s ago); later writes unknown · receiver DOWN"]
    assert "STALE (unreachable: PostgreSQL on the primary site" in result.out


def test_a_corrupt_primary_loses_what_was_in_flight_not_the_minutes_since(run_cli) -> None:
    """It stopped writing at T+3m: at T+10m a failover loses the 49 KiB in flight then,
    not "7m of writes" (which read BREACHED, SLA Database BREACHED)."""
    result = run_cli("status", "--scenario", "database-corruption", "--at", "10m")
    assert _row(result.out, "RPO")[1:] == [
        "Database", "5m", "AT RISK", "failover loses 49.0 KiB in flight <= RPO 5m · receiver DOWN"]
    sla = next(_cells(line) for line in result.out.splitlines()
               if _cells(line)[:2] == ["SLA", "Database"])
    assert sla[3:] == ["AT RISK", "worst of RTO database at risk, RPO database at risk"]


def test_exit_3_when_sources_are_unknown(run_cli, met_config: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RC_MODE", "read-only")
    result = run_cli("--config", str(met_config), "status")
    assert result.code == 3
    assert "every objective is UNKNOWN" in result.out
    assert "MET" not in result.out


def test_steady_drill_on_the_default_plan_exits_0(run_cli) -> None:
    """Gaps and unmonitored rows do not fail it: a healthy system is green."""
    result = run_cli("status")
    assert result.code == 0, result.out
    rows = {tuple(_cells(line)[:2]): _cells(line)[3] for line in result.out.splitlines()
            if line[:5] in ("RTO  ", "RPO  ", "SLA  ")}
    assert rows[("RTO", "Monitoring & Alerting")] == "NOT MONITORED"
    assert rows[("RPO", "Audit Logs")] == "GAP"
    assert rows[("RPO", "Database")] == "MET"
    assert set(rows.values()) == {"MET", "GAP", "NOT MONITORED"}
    assert "Plan gaps (5; they fail only with --strict):" in result.out


def test_strict_fails_on_plan_gaps_and_lists_them(run_cli) -> None:
    result = run_cli("status", "--strict")
    assert result.code == 1
    assert "  RPO audit-logs (Audit Logs): logs-archive runs every 1d, longer than RPO 15m" \
        in result.out
    document = json.loads(run_cli("status", "--strict", "--json").out)
    assert document["exit_code"] == 1 and document["strict"] is True
    assert [(g["kind"], g["id"]) for g in document["plan_gaps"]] == [
        ("rto", "configuration"), ("rto", "monitoring"), ("rpo", "audit-logs"),
        ("rpo", "configuration"), ("rpo", "user-files")]


def test_renamed_objective_ids_still_get_a_live_status(run_cli, tmp_path: Path) -> None:
    text = default_plan_path().read_text(encoding="utf-8").replace('"database"', '"pg-data"')
    (tmp_path / "plan.toml").write_text(text)
    (tmp_path / "config.toml").write_text('plan = "plan.toml"\n')
    result = run_cli("--config", str(tmp_path / "config.toml"), "status", "--json",
                     "--scenario", "datacenter-failure", "--at", "10m")
    by_id = {(o["kind"], o["id"]): o for o in json.loads(result.out)["objectives"]}
    assert by_id[("rpo", "pg-data")]["status"] == "at-risk"
    assert by_id[("rpo", "pg-data")]["evidence"].startswith(
        "standby has all the primary last reported")
    assert by_id[("rto", "pg-data")]["status"] == "unknown"  # the primary does not answer
    assert by_id[("rto", "pg-data")]["evidence"].endswith("failing for 8m")


def test_json_has_every_source_and_objective(run_cli) -> None:
    result = run_cli("status", "--json", "--scenario", "datacenter-failure", "--at", "10m")
    document = json.loads(result.out)
    assert set(document["sources"]) == set(SOURCE_NAMES)
    dr = document["sources"]["postgres/dr"]
    assert dr["freshness"] == "fresh"
    assert dr["snapshot"]["role"] == "standby"
    assert dr["snapshot"]["lag_s"] == pytest.approx(480, abs=1)
    primary = document["sources"]["postgres/primary"]
    assert primary["freshness"] == "stale" and primary["error"].startswith("unreachable")
    assert primary["age_s"] == pytest.approx(495, abs=1)
    by_id = {(o["kind"], o["id"]): o for o in document["objectives"]}
    assert len(by_id) == 15
    assert by_id[("rpo", "database")]["status"] == "at-risk"
    assert by_id[("rpo", "database")]["target"] == "5m"
    assert document["exit_code"] == result.code == 1
    assert document["scenario"] == "datacenter-failure" and document["at"] == 600


def test_status_at_the_scripted_failure_time(run_cli) -> None:
    before = json.loads(run_cli("status", "--json", "--scenario", "datacenter-failure",
                                "--at", "1m45s").out)
    after = json.loads(run_cli("status", "--json", "--scenario", "datacenter-failure",
                               "--at", "2m").out)
    assert before["sources"]["health/primary"]["snapshot"]["status_code"] == 200
    assert after["sources"]["health/primary"]["snapshot"]["status_code"] is None


@pytest.mark.parametrize("args", [["status", "--at", "soon"], ["status", "--scenario", "mars"],
                                  ["drill", "--scenario", "mars"]])
def test_bad_arguments_exit_2(run_cli, args: list[str]) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert "usage: recovery-console" in result.err


def test_unknown_scenario_in_config_names_the_field(run_cli, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[drill]\nscenario = "mars"\n')
    result = run_cli("--config", str(config), "status")
    assert result.code == 2
    assert f"{config}: drill.scenario: unknown scenario 'mars'" in result.err


def _row(text: str, kind: str) -> list[str]:
    """The first objectives-table row of ``kind``, split on the table's column gaps."""
    return _cells(next(line for line in text.splitlines() if line.startswith(f"{kind}  ")))


def _cells(line: str) -> list[str]:
    return [cell for cell in re.split(r"\s{2,}", line) if cell]
