"""``incidents``, ``resume [ID]`` and ``--follow ID`` from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from console.backends.monitor import DRILL_EPOCH
from console.journal.events import Declared, Resolved
from console.journal.write import Journal
from services.clock import FrozenClock


def _journal(directory: Path, ident: str, resolved: bool = False) -> Path:
    with Journal.create(directory, ident, FrozenClock(DRILL_EPOCH), "alice") as journal:
        journal.append(Declared(incident_id=ident, title=f"title {ident}", drill=True))
        if resolved:
            journal.append(Resolved(summary="done"))
        return journal.path


@pytest.fixture
def journal_dir(isolated_environment: Path) -> Path:
    return isolated_environment / "state" / "recovery-console" / "journal"


def test_incidents_lists_open_and_resolved(run_cli: Any, journal_dir: Path) -> None:
    _journal(journal_dir, "INC-A")
    _journal(journal_dir, "INC-B", resolved=True)
    result = run_cli("incidents")
    assert result.code == 0
    lines = {line.split()[0]: line for line in result.out.splitlines() if line.startswith("INC")}
    assert "open" in lines["INC-A"] and "resolved" in lines["INC-B"]
    assert "drill" in lines["INC-A"]


@pytest.mark.parametrize("args", [("resume", "INC-NOPE"), ("--follow", "INC-NOPE"),
                                  ("resume",)])
def test_unknown_incident_is_one_line_exit_2(run_cli: Any, journal_dir: Path,
                                              args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "incident" in result.err


@pytest.mark.parametrize("args", [("resume",), ("resume", "INC-A"), ("--follow", "INC-A")])
def test_resume_and_follow_start_the_tui_on_the_journal(
        run_cli: Any, journal_dir: Path, monkeypatch: pytest.MonkeyPatch,
        args: tuple[str, ...]) -> None:
    path = _journal(journal_dir, "INC-A")
    started: dict[str, Any] = {}

    def fake_start(loaded: Any, *, resume: Path | None = None,
                   follow: Path | None = None) -> int:
        started.update(mode=loaded.settings.mode, resume=resume, follow=follow)
        return 0

    monkeypatch.setattr("console.shell.cli._start_tui", fake_start)
    assert run_cli(*args).code == 0
    if args[0] == "resume":
        assert started["resume"] == path and started["follow"] is None
    else:
        assert started["follow"] == path and started["mode"] == "read-only"
