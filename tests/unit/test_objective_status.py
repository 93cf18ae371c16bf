"""Objective evaluation against the default plan, with hand-built readings at a fixed time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from console.judge.objectives import ObjectiveStatus, Status, evaluate, worst
from console.judge.units import format_span
from console.live.readings import Reading
from console.plan import Plan, load_plan
from services.clock import FrozenClock
from services.models import (
    BackupEntry,
    BackupSnapshot,
    DnsSnapshot,
    HealthSnapshot,
    PostgresRole,
    PostgresSnapshot,
    RedisRole,
    RedisSnapshot,
    ReplicationRow,
    Site,
    Snapshot,
)

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
Readings = dict[str, Reading[Any]]


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan()


def ok(snapshot: Snapshot, name: str) -> Reading[Any]:
    return Reading(source=name, snapshot=snapshot, checked_at=snapshot.observed_at)


def stale(name: str, last_good: Snapshot | None, error: str) -> Reading[Any]:
    return Reading(source=name, snapshot=last_good, checked_at=NOW, error=error)


PRIMARY_LSN = "0/5000000"
BEHIND_LSN = "0/4F00000"
"""A standby lagging by ``lag_s`` lacks 1 MiB of the primary's WAL, last heard ``lag_s`` ago."""


def pg(site: Site, *, role: PostgresRole = PostgresRole.STANDBY, lag_s: float | None = 3.0,
       at: datetime = NOW, rows: tuple[ReplicationRow, ...] = ()) -> PostgresSnapshot:
    standby = role is PostgresRole.STANDBY
    received = BEHIND_LSN if lag_s else PRIMARY_LSN
    return PostgresSnapshot(observed_at=at, site=site, node=f"pg-{site}", role=role,
                            in_recovery=standby, timeline=1, lag_s=lag_s, replication=rows,
                            current_lsn=None if standby else PRIMARY_LSN,
                            receive_lsn=received if standby else None,
                            replay_lsn=received if standby else None,
                            last_wal_receipt_at=at - timedelta(seconds=lag_s or 0)
                            if standby else None,
                            wal_receiver_connected=True if standby else None)


def health(site: Site, code: int = 200, at: datetime = NOW) -> HealthSnapshot:
    return HealthSnapshot(observed_at=at, site=site, url=f"https://{site}/health",
                          status_code=code, latency_ms=42.0)


def backups(**ages: timedelta) -> BackupSnapshot:
    entries = tuple(BackupEntry(component=c.replace("_", "-"), target="s3-region-1",
                                latest_at=NOW - age) for c, age in ages.items())
    return BackupSnapshot(observed_at=NOW, entries=entries)


def steady() -> Readings:
    """Both sites healthy, replication caught up, backups on schedule."""
    snaps: dict[str, Snapshot] = {
        "postgres/primary": pg(Site.PRIMARY, role=PostgresRole.PRIMARY, lag_s=None),
        "postgres/dr": pg(Site.DR, lag_s=2.0),
        "redis/primary": RedisSnapshot(observed_at=NOW, site=Site.PRIMARY, node="r1",
                                       role=RedisRole.MASTER, last_rdb_save_age_s=60,
                                       master_repl_offset=5000, connected_replicas=1),
        "redis/dr": RedisSnapshot(observed_at=NOW, site=Site.DR, node="r2",
                                  role=RedisRole.REPLICA, link_up=True, lag_bytes=0,
                                  master_repl_offset=5000, replica_offset=5000),
        "health/primary": health(Site.PRIMARY),
        "health/dr": health(Site.DR),
        "dns": DnsSnapshot(observed_at=NOW, record="api", points_at=Site.PRIMARY),
        "backups": backups(postgres_wal=timedelta(seconds=30), redis_rdb=timedelta(minutes=20),
                           configuration_git=timedelta(hours=3),
                           logs_archive=timedelta(minutes=5),
                           user_data_full=timedelta(minutes=10)),
    }
    return {name: ok(s, name) for name, s in snaps.items()}


def row(rows: tuple[ObjectiveStatus, ...], kind: str, id_: str) -> ObjectiveStatus:
    return next(r for r in rows if r.kind == kind and r.id == id_)


def test_every_default_plan_row_gets_a_status(plan: Plan) -> None:
    rows = evaluate(plan, steady(), NOW)
    expected = ([("rto", o.id) for o in plan.objectives.rto]
                + [("rpo", o.id) for o in plan.objectives.rpo]
                + [("sla", o.id) for o in plan.objectives.sla])
    assert [(r.kind, r.id) for r in rows] == expected
    assert len(rows) == 15
    assert all(isinstance(r.status, Status) and r.evidence for r in rows)


def test_every_monitored_row_is_unknown_with_nothing_polled(plan: Plan) -> None:
    pending = {n: Reading[Any](source=n) for n in steady()}
    rows = evaluate(plan, pending, NOW)
    unmeasured = {("rto", o.id) for o in plan.objectives.rto if not o.monitored}
    assert unmeasured == {("rto", "configuration"), ("rto", "monitoring")}
    for r in rows:
        expected = Status.NOT_MONITORED if (r.kind, r.id) in unmeasured else Status.UNKNOWN
        assert r.status is expected, r
    assert "not polled yet" in row(rows, "rpo", "database").evidence


def test_steady_state(plan: Plan) -> None:
    rows = evaluate(plan, steady(), NOW)
    db = row(rows, "rpo", "database")
    assert db.status is Status.MET
    assert db.evidence == "failover loses 1.0 MiB / 2s of writes <= RPO 5m"
    app = row(rows, "rto", "app-services")
    assert app.status is Status.MET
    assert app.evidence == "serving from primary: DNS here, health OK, postgres writable"
    assert row(rows, "rto", "database").status is Status.MET
    assert row(rows, "rpo", "sessions").status is Status.MET
    assert row(rows, "sla", "core-api").status is Status.MET
    assert row(rows, "sla", "backup-storage").status is Status.MET
    monitoring = row(rows, "rto", "monitoring")
    assert monitoring.status is Status.NOT_MONITORED
    assert monitoring.evidence == 'the plan names no measure for it (measure = "none")'


@pytest.mark.parametrize(
    ("lag_s", "status", "evidence"),
    [
        (150, Status.MET, "failover loses 1.0 MiB / 2m30s of writes <= RPO 5m"),
        (200, Status.AT_RISK, "failover loses 1.0 MiB / 3m20s of writes <= RPO 5m"),
        (432, Status.BREACHED, "failover loses 1.0 MiB / 7m12s of writes > RPO 5m"),
    ],
)
def test_database_rpo_grades_standby_lag(
    plan: Plan, lag_s: float, status: Status, evidence: str
) -> None:
    readings = steady()
    readings["postgres/dr"] = ok(pg(Site.DR, lag_s=lag_s), "postgres/dr")
    rows = evaluate(plan, readings, NOW)
    assert row(rows, "rpo", "database").status is status
    assert row(rows, "rpo", "database").evidence == evidence
    core = row(rows, "sla", "core-api")
    assert core.status is status and "RPO database" in core.evidence


def test_stale_standby_makes_database_rpo_unknown_with_age(plan: Plan) -> None:
    readings = steady()
    last_good = pg(Site.DR, lag_s=1.0, at=NOW - timedelta(minutes=1, seconds=10))
    readings["postgres/dr"] = stale("postgres/dr", last_good, "timeout after 4s")
    readings["postgres/primary"] = stale("postgres/primary", None, "unreachable: refused")
    readings["backups"] = stale("backups", None, "auth failed: expired token")
    rpo = row(evaluate(plan, readings, NOW), "rpo", "database")
    assert rpo.status is Status.UNKNOWN
    assert "postgres/dr stale 1m10s: timeout after 4s" in rpo.evidence
    assert "backups no data: auth failed: expired token" in rpo.evidence


def test_database_rpo_falls_back_to_what_the_primary_reports_then_backups(plan: Plan) -> None:
    """The standby does not answer us: the primary's pg_stat_replication still says what it
    has flushed; a primary that streams to nobody is unprotected, whatever backups say."""
    readings = steady()
    readings["postgres/dr"] = stale("postgres/dr", None, "unreachable: refused")
    row_ = ReplicationRow(application_name="dr", state="streaming", sent_lsn="0/4F00000",
                          write_lsn="0/4F00000", flush_lsn="0/4F00000", replay_lsn="0/4F00000",
                          sync_state="async", lag_bytes=10, replay_lag_s=400.0)
    primary = pg(Site.PRIMARY, role=PostgresRole.PRIMARY, lag_s=None, rows=(row_,))
    readings["postgres/primary"] = ok(primary, "postgres/primary")
    rpo = row(evaluate(plan, readings, NOW), "rpo", "database")
    assert rpo.status is Status.BREACHED
    assert rpo.evidence.startswith("failover loses 1.0 MiB / 6m40s of writes > RPO 5m "
                                   "(as the primary reports it; postgres/dr no data")
    readings["postgres/primary"] = ok(pg(Site.PRIMARY, role=PostgresRole.PRIMARY, lag_s=None),
                                      "postgres/primary")
    rpo = row(evaluate(plan, readings, NOW), "rpo", "database")
    assert rpo.status is Status.AT_RISK
    assert rpo.evidence.startswith("no standby: nothing replicates from primary")
    assert "newest backup postgres-wal in s3-region-1 30s old" in rpo.evidence


def test_promoted_dr_without_standby_is_measured_by_backups(plan: Plan) -> None:
    readings = steady()
    promoted = pg(Site.DR, role=PostgresRole.PRIMARY, lag_s=None)
    readings["postgres/dr"] = ok(promoted, "postgres/dr")
    readings["postgres/primary"] = stale("postgres/primary", None, "unreachable: refused")
    readings["backups"] = ok(backups(postgres_wal=timedelta(minutes=4)), "backups")
    rows = evaluate(plan, readings, NOW)
    rpo = row(rows, "rpo", "database")
    assert rpo.status is Status.AT_RISK
    assert rpo.evidence.startswith("no standby: nothing replicates from dr")
    assert row(rows, "rto", "database").evidence == "postgres writable on dr (pg-dr)"


def test_primary_health_refused_10m_is_at_risk_and_40m_breached(plan: Plan) -> None:
    clock = FrozenClock(NOW)
    readings = steady()
    clock.advance(timedelta(minutes=10))
    refused = HealthSnapshot(observed_at=clock.now(), site=Site.PRIMARY, url="h",
                             error="connection refused")
    readings["health/primary"] = ok(refused, "health/primary")
    down = {"health/primary": NOW}
    rto = row(evaluate(plan, readings, clock.now(), down_since=down), "rto", "app-services")
    assert rto.status is Status.AT_RISK
    assert rto.evidence == ("DNS -> primary, not serving: health no answer: connection refused"
                            "; down for 10m < RTO 30m")
    clock.advance(timedelta(minutes=30))
    rows = evaluate(plan, readings, clock.now(), down_since=down)
    assert row(rows, "rto", "app-services").status is Status.BREACHED
    assert "down for 40m >= RTO 30m" in row(rows, "rto", "app-services").evidence
    assert row(rows, "rto", "full-system").status is Status.AT_RISK  # 40m < 6h
    assert row(rows, "sla", "core-api").status is Status.BREACHED


def test_down_since_dates_an_unhealthy_answer(plan: Plan) -> None:
    readings = steady()
    readings["health/primary"] = ok(health(Site.PRIMARY, code=503), "health/primary")
    down = {"health/primary": NOW - timedelta(minutes=10)}
    rto = row(evaluate(plan, readings, NOW, down_since=down), "rto", "app-services")
    assert (rto.status, rto.evidence) == (
        Status.AT_RISK, "DNS -> primary, not serving: health HTTP 503; down for 10m < RTO 30m")
    later = row(evaluate(plan, readings, NOW + timedelta(minutes=30), down_since=down),
                "rto", "app-services")
    assert later.status is Status.BREACHED


def test_a_stale_health_reading_is_unknown_not_down(plan: Plan) -> None:
    """The console cannot tell: it says so, with how long the source has been failing."""
    readings = steady()
    readings["health/primary"] = stale("health/primary", health(Site.PRIMARY),
                                       "timeout after 4s")
    down = {"health/primary": NOW - timedelta(minutes=10)}
    rto = row(evaluate(plan, readings, NOW, down_since=down), "rto", "app-services")
    assert rto.status is Status.UNKNOWN
    assert rto.evidence == ("DNS -> primary, cannot tell if it serves: health/primary stale 0s:"
                            " timeout after 4s; failing for 10m")


def test_rto_follows_dns_to_the_dr_site_once_it_can_take_writes(plan: Plan) -> None:
    readings = steady()
    readings["dns"] = ok(DnsSnapshot(observed_at=NOW, record="api", points_at=Site.DR), "dns")
    readings["health/primary"] = stale("health/primary", None, "unreachable: refused")
    rto = row(evaluate(plan, readings, NOW), "rto", "app-services")
    assert rto.status is Status.AT_RISK  # DNS moved before the DR database was promoted
    assert rto.evidence.startswith("DNS -> dr, not serving: postgres read-only")
    readings["postgres/dr"] = ok(pg(Site.DR, role=PostgresRole.PRIMARY, lag_s=None),
                                 "postgres/dr")
    readings["postgres/primary"] = stale("postgres/primary", None, "unreachable: refused")
    rto = row(evaluate(plan, readings, NOW), "rto", "app-services")
    assert (rto.status, rto.evidence) == (
        Status.MET, "serving from dr: DNS here, health OK, postgres writable")


def test_sessions_rpo_with_link_down_uses_saved_data_age(plan: Plan) -> None:
    readings = steady()
    readings["redis/dr"] = ok(RedisSnapshot(observed_at=NOW, site=Site.DR, node="r2",
                                            role=RedisRole.REPLICA, link_up=False), "redis/dr")
    rpo = row(evaluate(plan, readings, NOW), "rpo", "sessions")
    assert rpo.status is Status.AT_RISK  # the replica is frozen: protection is lost
    assert rpo.evidence == ("link down · failover loses ? (RPO 10m); last RDB save on primary"
                            " 1m ago")


def test_zero_minute_configuration_rpo_is_a_plan_gap_until_a_run_is_missed(plan: Plan) -> None:
    readings = steady()
    rpo = row(evaluate(plan, readings, NOW), "rpo", "configuration")
    assert rpo.status is Status.GAP
    assert rpo.gap == "RPO 0m needs a continuous stream; configuration-git runs every 1d"
    assert rpo.evidence == (f"plan gap: {rpo.gap}; live: newest backup configuration-git "
                            "in s3-region-1 3h old <= 1d2h its 1d schedule allows")
    readings["backups"] = ok(backups(configuration_git=timedelta(hours=30)), "backups")
    rpo = row(evaluate(plan, readings, NOW), "rpo", "configuration")
    assert rpo.status is Status.BREACHED
    assert "1d6h old > 1d2h its 1d schedule allows: a run was missed; plan gap: RPO 0m" \
        in rpo.evidence


def test_backup_storage_sla_counts_failing_stores(plan: Plan) -> None:
    entries = (BackupEntry(component="postgres-wal", target="s3-region-1", latest_at=NOW),
               BackupEntry(component="postgres-wal", target="nas", error="timeout"))
    readings = steady()
    readings["backups"] = ok(BackupSnapshot(observed_at=NOW, entries=entries), "backups")
    sla = row(evaluate(plan, readings, NOW), "sla", "backup-storage")
    assert (sla.status, sla.evidence) == (Status.AT_RISK, "1 of 2 stores failing: nas")


def test_worst_and_format_span() -> None:
    assert worst([Status.MET, Status.AT_RISK]) is Status.AT_RISK
    assert worst([Status.MET, Status.UNKNOWN, Status.AT_RISK]) is Status.UNKNOWN
    assert worst([Status.UNKNOWN, Status.BREACHED]) is Status.BREACHED
    assert worst([]) is Status.UNKNOWN
    assert format_span(432) == "7m12s"
    assert format_span(timedelta(minutes=5)) == "5m"
    assert format_span(0) == "0s"
    assert format_span(timedelta(days=1, hours=4, minutes=12)) == "1d4h"
    assert format_span(timedelta(hours=1, seconds=5)) == "1h"


def test_a_standby_not_polled_yet_leaves_the_database_rpo_unknown(plan: Plan) -> None:
    """At start-up the backups may answer first: they are evidence, not a verdict on what a
    failover would lose."""
    readings = steady()
    readings["postgres/dr"] = Reading(source="postgres/dr")
    readings["postgres/primary"] = Reading(source="postgres/primary")
    rpo = row(evaluate(plan, readings, NOW), "rpo", "database")
    assert rpo.status is Status.UNKNOWN
    assert rpo.evidence.startswith("postgres/primary pending: not polled yet; postgres/dr "
                                   "pending: not polled yet")
    assert "newest backup postgres-wal in s3-region-1 30s old" in rpo.evidence
