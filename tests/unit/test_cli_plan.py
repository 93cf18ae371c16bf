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
