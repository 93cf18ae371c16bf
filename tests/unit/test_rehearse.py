"""``plan rehearse``: the default plan runs to the end on every drill scenario with no
override, and a plan whose DNS step precedes the promote stops blocked at that step.

Run through the CLI, as an operator or a CI job would; the journal it leaves is read back
with the journal reader, so "recorded like any other incident" is checked on disk.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from console.journal.events import (
    ActionConfirmed,
    ActionSucceeded,
    Classified,
    Declared,
    DrillActed,
    Resolved,
    StepCompleted,
)
from console.journal.read import read_journal
from tests.conftest import DATA, CliResult

Run = Callable[..., CliResult]
SEVERITY = {"datacenter-failure": "P1", "regional-outage": "P1", "database-corruption": "P3"}


def _journal(result: CliResult) -> Path:
    found = re.search(r"^journal: \S+ \((.+)\)$", result.out, re.MULTILINE)
    assert found is not None, result.out
    return Path(found.group(1))


def _rows(result: CliResult) -> dict[str, tuple[str, str]]:
    """step id -> (result, detail) from the Steps table."""
    rows = {}
    for line in result.out.splitlines():
        cells = line.split(None, 4)
        if len(cells) >= 4 and cells[0].startswith("T+"):
            rows[cells[3]] = (cells[1], cells[4] if len(cells) > 4 else "")
    return rows


@pytest.mark.parametrize("scenario", sorted(SEVERITY))
def test_default_plan_runs_to_the_end_with_no_override(run_cli: Run, scenario: str,
                                                       isolated_environment: Path) -> None:
    result = run_cli("plan", "rehearse", "--scenario", scenario)
    assert result.code == 0, result.out + result.err
    assert "COMPLETE: every step done with no override" in result.out
    rows = _rows(result)
    assert rows and all(verdict == "done" for verdict, _ in rows.values()), rows
    events = read_journal(_journal(result)).events
    declared = events[0]
    assert isinstance(declared, Declared) and declared.drill and declared.scenario == scenario
    assert declared.disruption_at is not None  # the first failure the console saw
    assert [e.severity for e in events if isinstance(e, Classified)] == [SEVERITY[scenario]]
    assert not any(isinstance(e, ActionConfirmed) and e.override_reason for e in events)
    assert not any(isinstance(e, StepCompleted) and e.override_reason for e in events)
    assert any(isinstance(e, DrillActed) for e in events)  # resume replays the drill
    last = events[-1]
    assert isinstance(last, Resolved) and last.unfinished == ()
    # Journaled where every incident goes: `incidents` lists it.
    listing = run_cli("incidents")
    assert declared.incident_id in listing.out


def test_failover_promotes_before_dns_and_never_restores(run_cli: Run) -> None:
    """The P1 path's order, as the journal records the calls."""
    result = run_cli("plan", "rehearse", "--scenario", "datacenter-failure")
    events = read_journal(_journal(result)).events
    calls = [e.action for e in events if isinstance(e, ActionSucceeded)]
    assert calls.index("promote-postgres") < calls.index("dns-failover")
    assert calls.index("promote-redis") < calls.index("dns-failover")
    assert "restore-postgres" not in calls and "test-restore" not in calls
    scaled_to_zero = [e for e in events if isinstance(e, DrillActed)
                      and e.kind == "scale" and e.replicas == 0]
    assert scaled_to_zero == []
    app = next(line for line in result.out.splitlines() if line.startswith("app-services"))
    assert app.split()[4] == "met", app  # restored within the 30m RTO


def test_corruption_restores_in_place(run_cli: Run) -> None:
    result = run_cli("plan", "rehearse", "--scenario", "database-corruption")
    assert result.code == 0, result.out
    events = read_journal(_journal(result)).events
    calls = [e.action for e in events if isinstance(e, ActionSucceeded)]
    assert "restore-postgres" in calls
    assert "promote-postgres" not in calls and "dns-failover" not in calls
    assert "serving from primary" in _rows(result)["verify-system-health"][1]


def test_dns_before_promote_is_blocked_at_the_dns_step(run_cli: Run) -> None:
    result = run_cli("plan", "rehearse", "--plan", str(DATA / "plan-dns-before-promote.toml"))
    assert result.code == 1, result.out + result.err
    rows = _rows(result)
    assert rows["switch-to-dr"][0] == "done"
    verdict, why = rows["update-dns"]
    assert verdict == "BLOCKED"
    assert why.startswith("dr-health: DR site is not healthy (HTTP 503 standby")
    assert "promote-postgres" not in rows
    assert "2 more steps not reached" in result.out
    assert "NOT COMPLETE" in result.out
    events = read_journal(_journal(result)).events
    assert not any(isinstance(e, ActionSucceeded) and e.action == "dns-failover"
                   for e in events)
    last = events[-1]
    assert isinstance(last, Resolved) and last.unfinished == ("failover",)
    assert last.unfinished_reason and "update-dns" in last.unfinished_reason


@pytest.mark.parametrize(("args", "message"), [
    (("--scenario", "steady"), "scenarios: no test scenario 'steady' in the plan"),
    (("--plan", str(DATA / "mini-plan.toml")), "scenarios: no test scenario"),
    (("--plan", "/nonexistent/plan.toml"), "/nonexistent/plan.toml: file not found"),
])
def test_bad_input_is_one_line_and_exit_2(run_cli: Run, args: tuple[str, ...],
                                          message: str) -> None:
    result = run_cli("plan", "rehearse", *args)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1 and message in result.err, result.err
    assert "Traceback" not in result.err
