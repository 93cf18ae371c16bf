"""``plan check`` and ``plan show`` on the built-in plan."""

from __future__ import annotations

import subprocess
import sys

import pytest

from console import __version__

# First-column values of every table in the erlmcp v3 DR document.
DOCUMENT_ROWS = {
    "RTO": ["Critical Application Services", "Database Services", "Configuration",
            "Monitoring & Alerting", "Full System"],
    "RPO": ["Database", "Sessions", "Audit Logs", "Configuration", "User Files"],
    "SLA": ["Core API", "Session Management", "Database", "Monitoring", "Backup Storage"],
    "threats": ["Hardware Failure", "Natural Disaster", "Cyber Attack", "Data Corruption",
                "Application Failure", "Network Outage"],
    "dependencies": ["PostgreSQL", "Redis", "Object Storage", "Load Balancer", "DNS",
                     "Certificate Authority"],
    "contacts": ["Incident Commander", "Technical Lead", "DBA", "Network Engineer",
                 "Security Team", "John Doe", "Jane Smith", "Bob Johnson", "Alice Brown",
                 "Mike Wilson", "+1-555-0110"],
    "testing": ["Tabletop Drill", "Backup Test", "Failover Test", "Component Test",
                "Integration Test"],
    "tools": ["failover.sh", "backup.sh", "restore.sh", "verify.sh", "notify.sh",
              "update-dns.sh", "scale-up.sh"],
}
BACKUP_ROWS = [("PostgreSQL", "Full", "daily", "30d"),
               ("PostgreSQL", "Incremental", "hourly", "1d"),
               ("PostgreSQL", "WAL", "continuous", "7d"), ("Redis", "RDB", "hourly", "7d"),
               ("Redis", "AOF", "continuous", "N/A"), ("Configuration", "Git", "daily", "90d"),
               ("User Data", "Full", "weekly", "90d"), ("Application", "Image", "weekly", "30d"),
               ("Logs", "Archive", "daily", "90d")]


def test_plan_check_summarises_the_default_plan(run_cli) -> None:
    result = run_cli("plan", "check")
    assert result.code == 0
    assert "plan erlmcp-v3 3.0.0: OK" in result.out
    assert "5 RTO, 5 RPO, 5 SLA" in result.out
    assert "9 schedules to 6 targets" in result.out
    assert "10 phases" in result.out


def test_plan_check_warns_of_plan_gaps_and_still_exits_0(run_cli) -> None:
    result = run_cli("plan", "check")
    assert result.code == 0
    warnings = [line for line in result.out.splitlines() if line.startswith("  warning: ")]
    assert warnings == [
        '  warning: RTO configuration (Configuration): not monitored: the plan names no '
        'measure for it (measure = "none")',
        '  warning: RTO monitoring (Monitoring & Alerting): not monitored: the plan names no '
        'measure for it (measure = "none")',
        "  warning: RPO audit-logs (Audit Logs): logs-archive runs every 1d, longer than "
        "RPO 15m",
        "  warning: RPO configuration (Configuration): RPO 0m needs a continuous stream; "
        "configuration-git runs every 1d",
        "  warning: RPO user-files (User Files): user-data-full runs every 7d, longer than "
        "RPO 1h",
    ]


def test_plan_check_rejects_an_unknown_measure(run_cli, tmp_path, mini_plan_text) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(mini_plan_text.replace('"postgres-replication"', '"replication-lag"'))
    result = run_cli("plan", "check", str(path))
    assert result.code == 2
    assert result.err.startswith(f"recovery-console: error: {path}: objectives.rpo[0].measure: ")
    assert result.err.rstrip().endswith(
        "'postgres-replication', 'redis-replication', 'backup-age' or 'none', "
        "got 'replication-lag'")
    assert len(result.err.strip().splitlines()) == 1


def test_plan_show_names_each_measure(run_cli) -> None:
    result = run_cli("plan", "show", "--section", "objectives")
    lines = result.out.splitlines()
    assert any("full-system" in line and "service-serving+database-writable" in line
               for line in lines)
    assert any("core-api" in line and "RTO app-services, RPO database" in line for line in lines)
    assert any("backup-storage" in line and "backup-stores" in line for line in lines)


def test_plan_show_prints_every_row_of_every_table(run_cli) -> None:
    result = run_cli("plan", "show")
    assert result.code == 0
    for table, rows in DOCUMENT_ROWS.items():
        for row in rows:
            assert row in result.out, f"{table} row {row!r} missing"
    lines = result.out.splitlines()
    for component, kind, frequency, retention in BACKUP_ROWS:
        assert any(component in line and f" {kind} " in line and frequency in line
                   and retention in line for line in lines), (component, kind)
    assert "Activate DR plan" in result.out  # an Appendix B checklist item


def test_plan_show_one_section(run_cli) -> None:
    result = run_cli("plan", "show", "--section", "contacts")
    assert result.code == 0
    assert "john.doe@erlmcp.com" in result.out
    assert "RTO (Recovery Time Objective)" not in result.out


def test_plan_show_unknown_section_is_a_usage_error(run_cli) -> None:
    result = run_cli("plan", "show", "--section", "nope")
    assert result.code == 2
    assert "invalid choice" in result.err


def test_plan_check_accepts_a_user_plan(run_cli, tmp_path, mini_plan_text) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(mini_plan_text)
    result = run_cli("plan", "check", str(path))
    assert result.code == 0
    assert "plan mini 1.0: OK" in result.out
    assert "warning" not in result.out  # every objective of the mini plan is measured


def test_version(run_cli) -> None:
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"recovery-console {__version__}"


@pytest.mark.parametrize("args", [["--help"], ["plan", "--help"], ["config", "check", "--help"]])
def test_help_through_python_dash_m(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "console", *args], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    assert "usage: recovery-console" in done.stdout
