"""Objectives are judged by the measure the plan names, never by their ids; NOT MONITORED
is neutral, a plan gap shows as GAP only while the live measure is as good as the plan
allows, and an incident's disruption time starts every RTO clock."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.judge.backups import backup_cells
from console.judge.objectives import Status, evaluate, worst
from console.live.readings import Reading
from console.plan import Plan, load_plan
from console.plan.loader import default_plan_path
from services.models import PostgresRole, Site
from tests.unit.test_objective_status import NOW, backups, health, ok, pg, row, stale, steady

RENAMES = {"app-services": "frontdoor", "database": "pg-data", "sessions": "kv-store",
           "audit-logs": "journal"}


def renamed_default_plan(tmp_path: Path) -> Plan:
    """The built-in plan with four objective ids renamed everywhere they appear."""
    text = default_plan_path().read_text(encoding="utf-8")
    for old, new in RENAMES.items():
        text = re.sub(f'"{old}"', f'"{new}"', text)
    path = tmp_path / "renamed.toml"
    path.write_text(text, encoding="utf-8")
    return load_plan(path)


def test_renamed_ids_still_get_the_same_live_status(tmp_path: Path) -> None:
    default, renamed = load_plan(), renamed_default_plan(tmp_path)
    assert "pg-data" in {o.id for o in renamed.objectives.rpo}
    before = {(r.kind, r.id): r for r in evaluate(default, steady(), NOW)}
    after = {(r.kind, r.id): r for r in evaluate(renamed, steady(), NOW)}
    for (kind, old), want in before.items():
        got = after[(kind, RENAMES.get(old, old))]
        evidence = got.evidence
        for old_id, new_id in RENAMES.items():
            evidence = evidence.replace(new_id, old_id)
        assert (got.status, evidence) == (want.status, want.evidence)
    assert after[("rto", "frontdoor")].status is Status.MET
    assert after[("rpo", "kv-store")].status is Status.MET
    assert after[("rpo", "journal")].status is Status.GAP


def test_renamed_database_rpo_is_live_not_unknown(tmp_path: Path) -> None:
    readings = steady()
    readings["postgres/dr"] = ok(pg(Site.DR, lag_s=432), "postgres/dr")
    rows = evaluate(renamed_default_plan(tmp_path), readings, NOW)
    assert (row(rows, "rpo", "pg-data").status, row(rows, "rpo", "pg-data").evidence) == (
        Status.BREACHED, "failover loses 1.0 MiB / 7m12s of writes > RPO 5m")
    assert row(rows, "sla", "core-api").evidence == (
        "worst of RTO frontdoor met, RPO pg-data breached")


def test_the_measure_decides_not_the_id(tmp_path: Path, mini_plan_text: str) -> None:
    path = tmp_path / "swapped.toml"
    path.write_text(mini_plan_text.replace('measure = "service-serving"',
                                           'measure = "database-writable"'))
    readings = steady()
    readings["health/primary"] = ok(health(Site.PRIMARY, code=503), "health/primary")
    rows = evaluate(load_plan(path), readings, NOW)
    assert (row(rows, "rto", "app").status, row(rows, "rto", "app").evidence) == (
        Status.MET, "postgres writable on primary (pg-primary)")


def test_a_gap_row_keeps_a_worse_live_status(tmp_path: Path) -> None:
    plan = load_plan()
    readings = steady()
    readings["backups"] = ok(backups(user_data_full=timedelta(days=8)), "backups")
    files = row(evaluate(plan, readings, NOW), "rpo", "user-files")
    assert files.status is Status.BREACHED
    assert files.evidence == ("newest backup user-data-full in s3-region-1 8d old > 7d14h "
                              "its 7d schedule allows: a run was missed; plan gap: "
                              "user-data-full runs every 7d, longer than RPO 1h")
    readings["backups"] = stale("backups", None, "timeout after 4s")
    files = row(evaluate(plan, readings, NOW), "rpo", "user-files")
    assert files.status is Status.UNKNOWN and "plan gap:" in files.evidence


@pytest.mark.parametrize(("age", "status"), [(timedelta(hours=25), Status.GAP),
                                             (timedelta(hours=27), Status.BREACHED)])
def test_a_gap_row_and_the_backup_cell_agree_on_a_missed_run(age: timedelta,
                                                            status: Status) -> None:
    plan = load_plan()
    readings = steady()
    readings["backups"] = ok(backups(configuration_git=age), "backups")
    config = row(evaluate(plan, readings, NOW), "rpo", "configuration")
    cell = next(c for c in backup_cells(plan, readings, NOW)
                if (c.component, c.target) == ("configuration-git", "s3-region-1"))
    assert config.status is status
    assert (cell.status is Status.MET) == (status is Status.GAP)


def test_runbook_estimate_longer_than_the_rto_is_a_gap(tmp_path: Path,
                                                       mini_plan_text: str) -> None:
    path = tmp_path / "slow.toml"
    path.write_text(mini_plan_text.replace('objective = "app"',
                                           'objective = "app"\nestimate = "45m"'))
    plan = load_plan(path)
    readings = steady()
    app = row(evaluate(plan, readings, NOW), "rto", "app")
    assert app.status is Status.GAP
    assert app.evidence == ("plan gap: its runbook steps are estimated at 45m, longer than "
                            "RTO 30m; live: serving from primary: DNS here, health OK, "
                            "postgres writable")
    readings["health/primary"] = ok(health(Site.PRIMARY, code=503), "health/primary")
    down = {"health/primary": NOW - timedelta(minutes=5)}
    app = row(evaluate(plan, readings, NOW, down_since=down), "rto", "app")
    assert app.status is Status.AT_RISK  # a live outage is never hidden behind a plan gap
    assert app.evidence.startswith(
        "DNS -> primary, not serving: health HTTP 503; down for 5m < RTO 30m;")


def test_disruption_time_starts_every_rto_clock() -> None:
    plan = load_plan()
    readings = steady()
    readings["health/primary"] = ok(health(Site.PRIMARY, code=503), "health/primary")
    readings["postgres/primary"] = stale("postgres/primary", None, "unreachable: refused")
    readings["postgres/dr"] = ok(pg(Site.DR), "postgres/dr")
    down = {"health/primary": NOW - timedelta(minutes=5),
            "postgres/primary": NOW - timedelta(minutes=4)}
    seen = evaluate(plan, readings, NOW, down_since=down)
    assert "for 5m < RTO 30m" in row(seen, "rto", "app-services").evidence
    rows = evaluate(plan, readings, NOW, down_since=down,
                    disruption_at=NOW - timedelta(minutes=35))
    app, db = row(rows, "rto", "app-services"), row(rows, "rto", "database")
    assert (app.status, app.evidence) == (
        Status.BREACHED, "DNS -> primary, not serving: health HTTP 503, postgres/primary no "
                         "data: unreachable: refused; down for 35m >= RTO 30m")
    # The primary database does not answer: its writability is unknown, its clock runs.
    assert db.status is Status.UNKNOWN and db.evidence.endswith("failing for 35m")
    assert "for 35m < RTO 6h" in row(rows, "rto", "full-system").evidence
    # A measure that is met stays met, whatever the incident says.
    healthy = evaluate(plan, steady(), NOW, disruption_at=NOW - timedelta(hours=9))
    assert row(healthy, "rto", "app-services").status is Status.MET


def test_promoted_dr_reading_is_unchanged_by_ids(tmp_path: Path) -> None:
    readings = steady()
    readings["postgres/dr"] = ok(pg(Site.DR, role=PostgresRole.PRIMARY, lag_s=None),
                                 "postgres/dr")
    readings["postgres/primary"] = Reading(source="postgres/primary")
    rows = evaluate(renamed_default_plan(tmp_path), readings, NOW)
    assert row(rows, "rto", "pg-data").evidence == "postgres writable on dr (pg-dr)"


MEASURED = st.sampled_from([s for s in Status if s is not Status.NOT_MONITORED])


def test_worst_ranks_the_new_statuses() -> None:
    assert worst([Status.NOT_MONITORED]) is Status.NOT_MONITORED
    assert worst([Status.NOT_MONITORED, Status.NOT_MONITORED]) is Status.NOT_MONITORED
    assert worst([Status.MET, Status.GAP]) is Status.GAP
    assert worst([Status.GAP, Status.AT_RISK]) is Status.AT_RISK
    assert worst([Status.GAP, Status.UNKNOWN, Status.NOT_MONITORED]) is Status.UNKNOWN


@given(st.lists(MEASURED, min_size=1), st.integers(min_value=1, max_value=3))
def test_not_monitored_is_neutral(measured: list[Status], extra: int) -> None:
    """Adding NOT_MONITORED rows never changes what the measured rows add up to."""
    assert worst([*measured, *[Status.NOT_MONITORED] * extra]) is worst(measured)
    assert worst([Status.NOT_MONITORED] * extra) is not Status.MET
