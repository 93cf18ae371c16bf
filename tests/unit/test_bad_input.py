"""Malformed plans and configs: one line on stderr, file and field named, exit 2, no traceback.

Each plan case is the minimal valid plan (tests/data/mini-plan.toml) with one edit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

STEP = "runbook.phases[0].steps[0]"
SECOND_STEP = """
[[runbook.phases.steps]]
id = "confirm"
title = "Confirm again"
owner = "ic"
"""

# (case id, text to replace, replacement, expected field, expected words in the message)
PLAN_CASES = [
    ("invalid-toml", 'title = "Mini plan"', 'title = "Mini plan', "", "invalid TOML"),
    ("missing-field", 'component = "App"\n', "", "objectives.rto[0].component", "missing"),
    ("wrong-type-duration", 'target = "30m"', "target = 30", "objectives.rto[0].target",
     "expected a duration"),
    ("wrong-type-replicas", "replicas = 3", 'replicas = "three"',
     f"{STEP}.action(scale-deployment).replicas", "integer"),
    ("negative-replicas", "replicas = 3", "replicas = -1",
     f"{STEP}.action(scale-deployment).replicas", "greater than or equal to 0"),
    ("unknown-action-kind", 'kind = "scale-deployment"', 'kind = "reboot-datacenter"',
     f"{STEP}.action", "reboot-datacenter"),
    ("unknown-check-kind", 'kind = "health-ok"', 'kind = "vibes"', f"{STEP}.check", "vibes"),
    ("unknown-objective", 'objective = "app"', 'objective = "nope"', f"{STEP}.objective",
     "unknown RTO objective 'nope'"),
    ("unknown-owner-role", 'owner = "ic"', 'owner = "ghost"', f"{STEP}.owner",
     "unknown contact role 'ghost'"),
    ("duplicate-step-id", 'check = { kind = "health-ok", site = "dr" }\n',
     'check = { kind = "health-ok", site = "dr" }\n' + SECOND_STEP,
     "runbook.phases[0].steps[1].id", "duplicate step id 'confirm'"),
    ("negative-duration", 'target = "30m"', 'target = "-5m"', "objectives.rto[0].target",
     "negative"),
    ("unparsable-duration", 'target = "5m"', 'target = "soon"', "objectives.rpo[0].target",
     "unparsable duration 'soon'"),
    ("empty-runbook", None, "", "runbook.phases", "at least 1 item"),
    ("unknown-field", 'component = "App"', 'component = "App"\nretension = "7d"',
     "objectives.rto[0].retension", "unknown field"),
    ("bad-severity", 'severity = "P1"', 'severity = "P7"', "classification[0].severity", "P1"),
    ("classification-unknown-phase", 'phases = ["assess"]', 'phases = ["panic"]',
     "classification[0].phases", "unknown phase 'panic'"),
    ("availability-over-100", "availability_pct = 99.9", "availability_pct = 120",
     "objectives.sla[0].availability_pct", "less than or equal to 100"),
    ("unknown-site", 'site = "dr", deployment', 'site = "moon", deployment',
     f"{STEP}.action(scale-deployment).site", "moon"),
    ("bad-identifier", 'id = "app"', 'id = "App Services"', "objectives.rto[0].id",
     "pattern"),
    ("no-contacts", None, "contacts", "contacts", ""),
]


def _edit(text: str, old: str | None, new: str) -> str:
    if old is None and new == "":  # empty-runbook: cut every phase, keep an empty list
        return text.split("[[runbook.phases]]")[0] + "[runbook]\nphases = []\n"
    if old is None:  # no-contacts: drop the [[contacts]] table
        head, _, tail = text.partition("[[contacts]]")
        return head + tail[tail.index("[[classification]]"):]
    assert old in text, f"fixture no longer contains {old!r}"
    return text.replace(old, new, 1)


def _assert_one_clear_line(err: str, source: str, field: str, words: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert source in line
    assert f": {field}: " in line if field else True, line
    assert words in line, line


@pytest.mark.parametrize(("case", "old", "new", "field", "words"), PLAN_CASES,
                         ids=[c[0] for c in PLAN_CASES])
def test_malformed_plan(run_cli, tmp_path: Path, mini_plan_text: str, case: str,
                        old: str | None, new: str, field: str, words: str) -> None:
    path = tmp_path / f"{case}.toml"
    path.write_text(_edit(mini_plan_text, old, new))
    result = run_cli("plan", "check", str(path))
    assert result.code == 2
    assert result.out == ""
    _assert_one_clear_line(result.err, str(path), field, words)


def test_invalid_toml_names_the_line(run_cli, tmp_path: Path, mini_plan_text: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(mini_plan_text.replace('version = "1.0"', "version = 1.0.0"))
    result = run_cli("plan", "check", str(path))
    assert result.code == 2
    assert f"{path}:6: invalid TOML" in result.err


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8", None], ids=["not-utf8", "missing"])
def test_unreadable_plan_file(run_cli, tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "plan.toml"
    if content is not None:
        path.write_bytes(content)
    result = run_cli("plan", "show", str(path))
    assert result.code == 2
    _assert_one_clear_line(result.err, str(path), "", "not UTF-8" if content else "not found")


CONFIG_CASES = [
    ("config-invalid-toml", "mode = \n", "", "invalid TOML"),
    ("config-bad-mode", 'mode = "yolo"\n', "mode", "'incident', 'drill' or 'read-only'"),
    ("config-zero-timeout", '[refresh]\ntimeout = "0s"\n', "refresh", "at least 1s"),
    ("config-s3-without-bucket", '[[backups]]\ntarget = "s3-region-1"\nkind = "s3"\n',
     "backups[0]", "needs 'bucket'"),
    ("config-unknown-target", '[[backups]]\ntarget = "floppy"\nkind = "nas"\npath = "/nas"\n',
     "backups[0].target", "unknown backup target 'floppy'"),
    ("config-missing-secret-file", '[sites.primary]\npostgres_dsn_file = "/nonexistent/dsn"\n',
     "sites.primary", "cannot read /nonexistent/dsn"),
    ("config-unknown-section", '[sitez.primary]\nname = "x"\n', "sitez", "unknown field"),
    ("config-bad-speed", "[drill]\nspeed = -3\n", "drill.speed", "greater than 0"),
]


@pytest.mark.parametrize(("case", "text", "field", "words"), CONFIG_CASES,
                         ids=[c[0] for c in CONFIG_CASES])
def test_malformed_config(run_cli, tmp_path: Path, case: str, text: str, field: str,
                          words: str) -> None:
    path = tmp_path / f"{case}.toml"
    path.write_text(text)
    result = run_cli("config", "check", str(path))
    assert result.code == 2
    _assert_one_clear_line(result.err, str(path), field, words)


def test_bad_environment_variable_is_named(run_cli, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RC_REFRESH__TIMEOUT", "forever")
    result = run_cli("config", "check")
    assert result.code == 2
    _assert_one_clear_line(result.err, "environment variable RC_REFRESH__TIMEOUT",
                           "refresh.timeout", "unparsable duration 'forever'")


def test_config_naming_a_broken_plan_blames_the_plan(run_cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text("[plan]\nid = 'x'\n")
    config = tmp_path / "config.toml"
    config.write_text(f'plan = "{plan}"\n')
    result = run_cli("config", "check", str(config))
    assert result.code == 2
    _assert_one_clear_line(result.err, str(plan), "plan.title", "missing")


def test_explicit_config_that_does_not_exist(run_cli, tmp_path: Path) -> None:
    result = run_cli("--config", str(tmp_path / "absent.toml"), "config", "check")
    assert result.code == 2
    _assert_one_clear_line(result.err, "absent.toml", "", "file not found")


@pytest.mark.parametrize("command", [["plan", "check"], ["config", "check"], []])
def test_real_process_prints_no_traceback(tmp_path: Path, command: list[str]) -> None:
    """Through the installed entry point, as an operator would see it."""
    bad = tmp_path / "bad.toml"
    bad.write_text("this is = = not toml\n")
    args = [*command, str(bad)] if command else ["--config", str(bad)]
    done = subprocess.run([sys.executable, "-m", "console", *args], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    _assert_one_clear_line(done.stderr, str(bad), "", "invalid TOML")


def test_a_bad_drill_option_is_one_line_exit_2(run_cli) -> None:
    """``drill --speed -5`` reaches the drill settings' own check: bad input, not a crash."""
    result = run_cli("drill", "--speed", "-5")
    assert result.code == 2
    _assert_one_clear_line(result.err, "command line", "speed", "greater than 0")
