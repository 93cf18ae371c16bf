"""The built-in plan encodes the whole erlmcp v3 DR document."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.plan import Plan, load_plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan()


def test_objective_tables_match_the_document(plan: Plan) -> None:
    rto = {o.component: o.target for o in plan.objectives.rto}
    assert rto == {
        "Critical Application Services": timedelta(minutes=30),
        "Database Services": timedelta(hours=4),
        "Configuration": timedelta(hours=1),
        "Monitoring & Alerting": timedelta(hours=1),
        "Full System": timedelta(hours=6),
    }
    rpo = {o.component: o.target for o in plan.objectives.rpo}
    assert rpo == {
        "Database": timedelta(minutes=5),
        "Sessions": timedelta(minutes=10),
        "Audit Logs": timedelta(minutes=15),
        "Configuration": timedelta(0),
        "User Files": timedelta(hours=1),
    }
    sla = {s.service: (s.availability_pct, s.recovery_time, s.data_loss)
           for s in plan.objectives.sla}
    assert sla["Core API"] == (99.99, timedelta(minutes=30), timedelta(minutes=5))
    assert sla["Backup Storage"] == (99.99, timedelta(hours=1), timedelta(0))
    assert len(sla) == 5


def test_risk_and_dependency_tables(plan: Plan) -> None:
    assert {t.name for t in plan.threats} == {
        "Hardware Failure", "Natural Disaster", "Cyber Attack", "Data Corruption",
        "Application Failure", "Network Outage",
    }
    deps = {d.name: d.recovery_time for d in plan.dependencies}
    assert deps["DNS"] == timedelta(minutes=5)
    assert deps["Redis"] == timedelta(hours=2)
    assert len(deps) == 6 and all(d.critical for d in plan.dependencies)
    assert len(plan.risk_matrix) == 3


def test_backup_schedules_and_targets(plan: Plan) -> None:
    rows = {(b.component, b.backup_type): b for b in plan.backups}
    assert len(rows) == 9
    assert rows[("PostgreSQL", "Full")].retention == timedelta(days=30)
    assert rows[("Redis", "AOF")].retention is None
    assert {t.id for t in plan.backup_targets} == {
        "s3-region-1", "s3-region-2", "azure-region-1", "azure-region-2", "nas", "tape",
    }


def test_contacts_merge_both_tables(plan: Plan) -> None:
    by_role = {c.role: c for c in plan.contacts}
    assert by_role["incident-commander"].name == "John Doe"
    assert by_role["incident-commander"].secondary_phone == "+1-555-0102"
    assert by_role["dba"].backup == "Alice Brown"
    assert len(by_role) == 5


def test_classification_opens_the_dr_plan_for_p1_and_p2(plan: Plan) -> None:
    responses = {c.severity.value: c.response.value for c in plan.classification}
    assert responses == {"P1": "activate-dr-plan", "P2": "activate-dr-plan",
                         "P3": "local-recovery", "P4": "normal-operations"}


def test_runbook_covers_every_procedure(plan: Plan) -> None:
    phases = [p.id for p in plan.runbook.phases]
    for expected in ("assessment", "manual-failover", "automated-failover", "postgres-recovery",
                     "redis-recovery", "application-recovery", "configuration", "verification",
                     "post-recovery", "rollback"):
        assert expected in phases
    postgres = plan.phase("postgres-recovery")
    assert len(postgres.steps) == 7
    assert any("pg_restore_history" in c for s in postgres.steps for c in s.commands)
    kinds = {s.action.kind for _, s in plan.steps() if s.action}
    assert {"dns-failover", "dns-rollback", "switch-site", "scale-deployment",
            "rewrite-aof", "wait-for-health", "verify-data", "send-notification"} <= kinds


def test_templates_and_scenarios(plan: Plan) -> None:
    templates = {t.id: t for t in plan.templates}
    assert set(templates) >= {"incident-notification", "recovery-update", "resolution"}
    assert "incident_id" in templates["incident-notification"].placeholders()
    assert [s.id for s in plan.scenarios] == [
        "datacenter-failure", "database-corruption", "regional-outage"]
    assert all(len(s.steps) == 6 for s in plan.scenarios)
    assert [c.id for c in plan.runbook.checklists] == [
        "immediate-response", "recovery-actions", "post-recovery"]


def test_the_plan_is_immutable(plan: Plan) -> None:
    with pytest.raises(Exception, match="frozen"):
        plan.objectives.rto[0].target = timedelta(0)  # type: ignore[misc]
