"""Verified / unverified / failed cells, retention on the listing, tape from handovers, the
calendar and the streams: all in the one ``judge_all``; RPO evidence counts verified
backups only."""

from __future__ import annotations

from datetime import timedelta

from console.judge.backup_trust import NEVER, Trust
from console.judge.backups import BackupCell
from console.judge.maintenance import TaskState
from console.judge.model import Status
from console.judge.retention import Kept, retention_findings
from console.judge.verdicts import Verdicts, judge_all
from console.live.maintenance import Done, Handover, MaintenanceSnapshot, VerifiedFact
from console.plan import load_plan
from services.models import BackupEntry
from tests.unit.judge.world import NOW, World, ago, steady

PLAN = load_plan()
DAY = 86_400.0


def _entry(component: str, target: str, age_s: float, key: str, **more: object) -> BackupEntry:
    return BackupEntry.model_validate({"component": component, "target": target,
                                       "latest_at": ago(age_s), "latest_key": key,
                                       "count_in_retention": 1, "oldest_at": ago(age_s),
                                       **more})


def _fact(component: str, target: str, status: str, key: str, age_s: float,
          reason: str = "") -> VerifiedFact:
    return VerifiedFact.model_validate({
        "component": component, "target": target, "status": status, "reason": reason,
        "newest_key": key, "newest_created_at": ago(age_s)})


def _cell(verdicts: Verdicts, component: str, target: str) -> BackupCell:
    return next(c for c in verdicts.backups if (c.component, c.target) == (component, target))


def _logs_world(*facts: VerifiedFact) -> World:
    """logs-archive (the Audit Logs RPO's only schedule) in S3 region 1, 3 h old."""
    return steady().backups(_entry("logs-archive", "s3-region-1", 3 * 3600,
                                   "logs-archive/logs-2.tar")).verified(*facts)


def test_verified_failed_and_never_verified_cells() -> None:
    ok = judge_all(PLAN, _logs_world(_fact("logs-archive", "s3-region-1", "verified",
                                           "logs-archive/logs-2.tar", 3.5 * 3600)).readings, NOW)
    cell = _cell(ok, "logs-archive", "s3-region-1")
    assert (cell.trust, cell.status, cell.text) == (Trust.VERIFIED, Status.MET, "ok 3h✓")
    bad = judge_all(PLAN, _logs_world(_fact(
        "logs-archive", "s3-region-1", "failed", "logs-archive/logs-2.tar", 3.5 * 3600,
        "logs-2.tar: SHA-256 1234… differs from the manifest's abcd…")).readings, NOW)
    cell = _cell(bad, "logs-archive", "s3-region-1")
    assert (cell.trust, cell.status, cell.text) == (Trust.FAILED, Status.BREACHED, "BAD 3h✗")
    assert "SHA-256 1234… differs" in cell.trust_reason
    never = _cell(judge_all(PLAN, _logs_world().readings, NOW), "logs-archive", "s3-region-1")
    assert (never.trust, never.trust_reason, never.text) == (Trust.UNVERIFIED, NEVER, "ok 3h?")


def test_a_listing_that_dates_an_older_copy_newest_does_not_unverify_it() -> None:
    """Stores date objects by upload: a late copy of yesterday's backup is not news."""
    world = _logs_world(_fact("logs-archive", "s3-region-1", "verified",
                              "logs-archive/logs-3.tar", 3.5 * 3600))
    cell = _cell(judge_all(PLAN, world.readings, NOW), "logs-archive", "s3-region-1")
    assert cell.trust is Trust.VERIFIED


def test_a_newer_backup_than_the_one_verified_is_unverified() -> None:
    world = _logs_world(_fact("logs-archive", "s3-region-1", "verified",
                              "logs-archive/logs-1.tar", 27 * 3600))
    cell = _cell(judge_all(PLAN, world.readings, NOW), "logs-archive", "s3-region-1")
    assert cell.trust is Trust.UNVERIFIED
    assert "newest logs-2.tar not verified yet" in cell.trust_reason
    assert "checked logs-1.tar: verified" in cell.trust_reason


def test_rpo_evidence_counts_verified_backups_only() -> None:
    never = judge_all(PLAN, _logs_world().readings, NOW).objective("rpo", "audit-logs")
    assert never is not None and never.status is Status.UNKNOWN
    assert "newest backup logs-archive in s3-region-1 3h old is unverified, not evidence" \
        in never.evidence and "never verified" in never.evidence
    older = judge_all(PLAN, _logs_world(_fact(
        "logs-archive", "s3-region-1", "verified", "logs-archive/logs-1.tar", 27 * 3600)
    ).readings, NOW).objective("rpo", "audit-logs")
    assert older is not None
    assert "newest verified backup logs-archive in s3-region-1 1d3h old" in older.evidence
    assert "is unverified, not evidence" in older.evidence
    assert older.status is Status.BREACHED  # 27 h > the 1d schedule's 26 h: a run missed
    failed = judge_all(PLAN, _logs_world(_fact(
        "logs-archive", "s3-region-1", "failed", "logs-archive/logs-2.tar", 3 * 3600)
    ).readings, NOW).objective("rpo", "audit-logs")
    assert failed is not None and failed.status is Status.UNKNOWN


def test_without_a_maintenance_journal_the_listing_is_judged_as_before() -> None:
    world = steady().backups(_entry("logs-archive", "s3-region-1", 3 * 3600, "k"))
    verdicts = judge_all(PLAN, world.readings, NOW)
    cell = _cell(verdicts, "logs-archive", "s3-region-1")
    assert (cell.trust, cell.text) == (None, "ok 3h")
    row = verdicts.objective("rpo", "audit-logs")
    assert row is not None and "newest backup logs-archive in s3-region-1" in row.evidence
    assert verdicts.maintenance is None


def test_retention_is_judged_on_the_listing_with_the_verification_rule() -> None:
    kept = Kept(within=3, newest_within_at=ago(3600), oldest_within_at=ago(5 * DAY),
                past=2, oldest_past_at=ago(45 * DAY))
    daily, month = timedelta(days=1), timedelta(days=30)
    findings = retention_findings(kept, daily, month, NOW)
    assert findings == ["3 backups within retention, the 1d schedule implies 5 since "
                        f"{ago(5 * DAY):%Y-%m-%d}",
                        "2 past the 30d retention linger (oldest 45d old)"]
    entry = _entry("postgres-full", "nas", 3600, "k", count_in_retention=3,
                   oldest_at=ago(5 * DAY), count_past_retention=2, oldest_past_at=ago(45 * DAY))
    cell = _cell(judge_all(PLAN, steady().backups(entry).readings, NOW), "postgres-full", "nas")
    assert (cell.status, cell.short) == (Status.AT_RISK, "RET 1h")
    assert all(f in cell.reason for f in findings)
    inside_slack = Kept(1, ago(3600), ago(3600), past=1, oldest_past_at=ago(30.5 * DAY))
    assert retention_findings(inside_slack, daily, month, NOW) == []


def test_tape_cells_come_from_recorded_handovers_where_the_journal_is_read() -> None:
    world = steady().backups(_entry("postgres-full", "nas", 3600, "k"))
    world.put("maintenance", MaintenanceSnapshot(observed_at=ago(1), handovers=(
        Handover(target="tape", at=ago(20 * 3600)),)))
    verdicts = judge_all(PLAN, world.readings, NOW)
    daily = _cell(verdicts, "postgres-full", "tape")
    assert (daily.status, daily.short) == (Status.MET, "ok 20h")
    hourly = _cell(verdicts, "postgres-incremental", "tape")
    assert (hourly.status, hourly.short) == (Status.BREACHED, "LATE 20h")
    assert hourly.reason.startswith("manual store: last handover 20h")


def test_calendar_and_streams_are_verdicts() -> None:
    world = steady()
    world.put("maintenance", MaintenanceSnapshot(observed_at=ago(1), done=(
        Done(at=ago(3 * DAY), event_type="backups-verified"),)))
    verdicts = judge_all(PLAN, world.readings, NOW)
    assert verdicts.maintenance is not None
    daily = next(t for t in verdicts.maintenance if t.task.id == "daily-verify-backup-integrity")
    assert daily.state is TaskState.OVERDUE and daily in verdicts.overdue
    assert [s.what for s in verdicts.streams] == ["WAL archiving (primary)",
                                                  "Redis persistence (primary)"]
    primary = world.readings["postgres/primary"].snapshot
    assert primary is not None
    world.put("postgres/primary", primary.model_copy(update={
        "archived_count": 40, "failed_count": 3, "last_archived_at": ago(600),
        "last_failed_at": ago(30)}))
    wal = judge_all(PLAN, world.readings, NOW).streams[0]
    assert wal.status is Status.BREACHED and "archive_command failing" in wal.reason
