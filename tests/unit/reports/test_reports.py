"""Reports from the journal: a drill's DR test report (the plan's sections, measured), an
incident's post-incident report with an override, md/html/json, and a torn last line."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.journal.events import (
    ActionConfirmed,
    ActionRequested,
    ActionSucceeded,
    Classified,
    Declared,
    Event,
    ObjectiveMeasured,
    StepCompleted,
    StepStarted,
)
from console.journal.read import read_journal
from console.plan.loader import load_plan
from console.reports.build import build_report
from console.reports.render import render
from console.shell.cli import main
from screens.reports.drill_results import results_text
from tests.unit.comms.rig import INCIDENT, DrillRig

PLAN = load_plan()
T0 = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
async def drill_journal(tmp_path: Path) -> Path:
    rig = DrillRig(PLAN, tmp_path)
    await rig.declare("P1")
    await rig.walk()
    rig.session.note("DNS took its full TTL")
    rig.session.resolve("failed over to DR", unfinished_reason="drill ends after failover")
    rig.session.close()
    assert rig.session.path is not None
    return rig.session.path


def _incident_events() -> list[Event]:
    level = next(c for c in PLAN.classification if c.severity == "P2")
    events: list[Event] = [
        Declared(incident_id="INC-REAL-1", title="payments API down", plan_id=PLAN.plan.id,
                 disruption_at=T0 - timedelta(minutes=4), disruption_source="operator"),
        Classified(severity="P2", response=level.response, phases=level.phases),
        ObjectiveMeasured(kind="rto", objective="app-services", status="at-risk",
                          evidence="DNS -> primary, not serving"),
        StepStarted(step="failover-promote-postgres"),
        ActionRequested(step="failover-promote-postgres", action="promote-postgres",
                        description="Promote PostgreSQL standby on site dr"),
        ObjectiveMeasured(kind="rpo", objective="database", status="at-risk",
                          evidence="failover loses 49.0 KiB / 1m44s of writes",
                          moment="failover", exposure_bytes=50_176, exposure_s=104.0,
                          ref_seq=5),
        ActionConfirmed(step="failover-promote-postgres", action="promote-postgres",
                        override_reason="primary is gone for good, take the loss",
                        overridden_gates=("data-loss",)),
        ActionSucceeded(step="failover-promote-postgres", action="promote-postgres",
                        output="promoted", duration_s=3.2),
        StepCompleted(step="failover-promote-postgres"),
        ObjectiveMeasured(kind="rto", objective="app-services", status="met",
                          evidence="serving from dr"),
    ]
    return [e.model_copy(update={"seq": i, "at": T0 + timedelta(minutes=i),
                                 "operator": "bob"}) for i, e in enumerate(events, 1)]


def _write(path: Path, events: list[Event], tail: bytes = b"") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(e.model_dump_json().encode() + b"\n" for e in events) + tail)
    return path


def _config(tmp_path: Path, journal_dir: Path, extra: str = "") -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'journal_dir = "{journal_dir}"\noperator = "bob"\n{extra}')
    return config


async def test_drill_report_is_the_plans_dr_test_report_measured(drill_journal: Path) -> None:
    report = build_report(PLAN, read_journal(drill_journal))
    text = render(report, "md")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings[:5] == ["Test Summary", "Test Results", "Findings", "Recommendations",
                            "Conclusion"]
    assert f"- Test ID: {INCIDENT}" in text
    assert "- Participants: 1 (alice)" in text
    assert "drill of scenario datacenter-failure" in text
    app = next(r for r in report.results if r.objective == "app-services")
    assert app.achieved is not None and app.achieved > timedelta(0)  # measured, not "-"
    assert re.search(r"- (PASSED|FAILED): Critical Application Services \(RTO\): \d+m "
                     r"\(target: 30m\)", text)
    assert "[TO FILL: recommendations]" in text and "[TO FILL: conclusion]" in text
    for heading in ("Actions and results", "Overrides", "Messages", "Open follow-ups",
                    "Notes", "Timeline"):
        assert heading in headings
    assert "DNS took its full TTL" in text
    # the timeline has every journaled event, with its time
    assert len(re.findall(r"^\| \d+ \| 2026-", text, flags=re.MULTILINE)) == \
        len(read_journal(drill_journal).events)


async def test_drill_report_html_is_one_printable_file_with_the_chart(
        drill_journal: Path) -> None:
    html = render(build_report(PLAN, read_journal(drill_journal)), "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html and "budget 30m" in html
    assert "@media print" in html
    assert "<script" not in html and not re.search(r"(src|href)=", html)
    for heading in ("Test Summary", "Test Results", "Findings", "Recommendations"):
        assert f"<h2>{heading}</h2>" in html


async def test_drill_report_json(drill_journal: Path) -> None:
    data = json.loads(render(build_report(PLAN, read_journal(drill_journal)), "json"))
    assert data["kind"] == "dr-test-report" and data["incident_id"] == INCIDENT
    app = next(r for r in data["results"] if r["objective"] == "app-services")
    assert app["kind"] == "rto" and app["target"] == 1800.0 and app["achieved"] > 0
    assert data["timeline"][0]["kind"] == "declared"


def test_incident_report_with_an_override(tmp_path: Path) -> None:
    path = _write(tmp_path / "j" / "INC-REAL-1.jsonl", _incident_events())
    report = build_report(PLAN, read_journal(path))
    text = render(report, "md")
    assert text.startswith("# Post-incident report: INC-REAL-1")
    assert "- Severity: P2 - High" in text
    assert ("action promote-postgres (failover-promote-postgres) past data-loss. "
            "Reason: primary is gone for good, take the loss") in text
    app = next(r for r in report.results if r.objective == "app-services")
    assert app.achieved == timedelta(minutes=14)  # disruption 01:56 -> MET at 02:10
    assert app.passed is True
    db = next(r for r in report.results if r.kind == "rpo" and r.objective == "database")
    assert db.exposure == "49.0 KiB / 1m44s" and db.passed is True
    data = json.loads(render(report, "json"))
    assert data["kind"] == "post-incident-report"
    assert data["overrides"][0]["reason"] == "primary is gone for good, take the loss"
    html = render(report, "html")
    assert "take the loss" in html and "<h2>Overrides</h2>" in html


def test_report_command_on_a_torn_journal(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    journal_dir = tmp_path / "journal"
    _write(journal_dir / "INC-REAL-1.jsonl", _incident_events(), tail=b'{"seq": 11, "ty')
    config = _config(tmp_path, journal_dir)
    out = tmp_path / "report.html"
    assert main(["--config", str(config), "report", "INC-REAL-1", "-o", str(out)]) == 0
    assert "torn last line" in capsys.readouterr().err
    html = out.read_text()
    assert "INC-REAL-1" in html and "torn last line" in html
    assert out.stat().st_mode & 0o777 == 0o600
    assert main(["--config", str(config), "report", "INC-REAL-1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["incident_id"] == "INC-REAL-1"


def test_report_command_unknown_incident_is_bad_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, tmp_path / "journal")
    assert main(["--config", str(config), "report", "INC-NOPE"]) == 2
    assert "unknown incident 'INC-NOPE'" in capsys.readouterr().err


async def test_a_steady_drill_report_measures_nothing_it_did_not_exercise(
        tmp_path: Path) -> None:
    """Declared on the steady drill, nothing ever goes down: the judge journals MET rows,
    but no recovery was timed, so no RTO reads "PASSED 0s"."""
    rig = DrillRig(PLAN, tmp_path, scenario="steady")
    await rig.declare("P3")
    await rig.advance(5)
    rig.session.resolve("tabletop only", unfinished_reason="nothing broke")
    rig.session.close()
    assert rig.session.path is not None
    events = read_journal(rig.session.path).events
    assert any(isinstance(e, ObjectiveMeasured) and e.objective == "app-services"
               and e.status == "met" for e in events)  # the judge did measure it, MET
    report = build_report(PLAN, read_journal(rig.session.path))
    app = next(r for r in report.results if r.objective == "app-services")
    assert (app.achieved, app.passed) == (None, None)
    assert app.how == "not exercised: met throughout (the judge never saw it down)"
    text = render(report, "md")
    assert "- NOT MEASURED: Critical Application Services (RTO): - (target: 30m)" in text
    assert "PASSED" not in text
    data = json.loads(render(report, "json"))
    assert next(r for r in data["results"] if r["objective"] == "app-services")[
        "achieved"] is None
    html = render(report, "html")
    assert "not measured</text>" in html and "not restored after" not in html  # no bar
    shown = results_text(report.results)  # the checklist's drill results, once resolved
    assert "PASSED" not in shown
    assert re.search(r"^Critical Application Serv… RTO +30m +- +\S+ +NOT MEASURED$", shown,
                     re.MULTILINE), shown
