"""``plan rehearse --play``: the rollback play runs to the end on the datacenter-failure
drill after the failover play (the primary comes back at T+45m), with no override; where
the primary never comes back (regional outage) it is reported blocked at its fence; an
unknown play is bad input. Through the CLI, the journal read back from disk."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from console.journal.events import (
    ActionConfirmed,
    ActionSucceeded,
    Declared,
    DrillActed,
    Resolved,
)
from console.journal.read import read_journal
from tests.conftest import CliResult

Run = Callable[..., CliResult]


def _rows(result: CliResult) -> list[tuple[str, str, str]]:
    """(result, play, step) per row of the Steps table, in order."""
    rows = []
    for line in result.out.splitlines():
        cells = line.split(None, 4)
        if len(cells) >= 4 and cells[0].startswith("T+"):
            rows.append((cells[1], cells[2], cells[3]))
    return rows


def _journal(result: CliResult) -> Path:
    found = re.search(r"^journal: \S+ \((.+)\)$", result.out, re.MULTILINE)
    assert found is not None, result.out
    return Path(found.group(1))


def test_rollback_after_failover_completes(run_cli: Run, isolated_environment: Path) -> None:
    result = run_cli("plan", "rehearse", "--play", "rollback",
                     "--scenario", "datacenter-failure")
    assert result.code == 0, result.out + result.err
    assert "COMPLETE: every step done with no override" in result.out
    rows = _rows(result)
    assert [play for _, play, _ in rows] == ["failover"] * 6 + ["rollback"] * 7, rows
    assert all(verdict == "done" for verdict, _, _ in rows), rows
    assert rows[-1][2] == "rollback-rebuild-dr"
    events = read_journal(_journal(result)).events
    declared = events[0]
    assert isinstance(declared, Declared) and declared.drill
    called = [e.action for e in events if isinstance(e, ActionSucceeded)]
    assert called[-7:] == ["demote-site", "promote-postgres", "promote-redis", "switch-site",
                           "scale-deployment", "dns-rollback", "rebuild-standby"], called
    assert not any(isinstance(e, ActionConfirmed) and e.override_reason for e in events)
    kinds = {e.kind for e in events if isinstance(e, DrillActed)}
    assert {"demote-site", "rebuild-standby", "dns-rollback"} <= kinds  # resume replays
    assert isinstance(events[-1], Resolved)
    # RTO measured by the judge: the primary serves at the end.
    assert re.search(r"^app-services .* MET: serving from primary", result.out, re.MULTILINE)


def test_rollback_with_no_primary_to_return_to_is_blocked(
        run_cli: Run, isolated_environment: Path) -> None:
    result = run_cli("plan", "rehearse", "--play", "rollback", "--scenario", "regional-outage")
    assert result.code == 1, result.out + result.err
    rows = _rows(result)
    assert rows[-1] == ("BLOCKED", "rollback", "rollback-demote-dr"), rows
    assert "standby-in-sync" in result.out
    events = read_journal(_journal(result)).events
    assert not any(isinstance(e, DrillActed) and e.kind == "demote-site" for e in events)


def test_unknown_play_is_bad_input(run_cli: Run, isolated_environment: Path) -> None:
    result = run_cli("plan", "rehearse", "--play", "nope")
    assert result.code == 2
    assert "no play 'nope'" in result.err and "rollback" in result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
