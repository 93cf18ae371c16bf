"""The CLI helpers: the incidents table, open incidents, and which journal to resume."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from console.commands.incidents import (
    incidents_table,
    open_incidents,
    resolve_incident_path,
)
from console.errors import InputError
from console.journal.events import Classified, Declared, Resolved
from console.journal.write import Journal, list_incidents
from services.clock import FrozenClock


def _incident(directory: Path, clock: FrozenClock, incident_id: str, *, drill: bool = False,
              resolved: bool = False) -> Path:
    with Journal.create(directory, incident_id, clock, "alice") as journal:
        journal.append(Declared(incident_id=incident_id, title=f"title {incident_id}",
                                drill=drill))
        journal.append(Classified(severity="P2", response="activate-dr-plan", phases=()))
        if resolved:
            journal.append(Resolved())
    clock.advance(timedelta(hours=1))
    return journal.path


def test_listing_newest_first_with_status(tmp_path: Path, clock: FrozenClock) -> None:
    _incident(tmp_path, clock, "INC-a", resolved=True)
    _incident(tmp_path, clock, "INC-b", drill=True)
    _incident(tmp_path, clock, "INC-c")
    (tmp_path / "INC-d.jsonl").write_text("not json\nat all\n")
    summaries = {s.id: s for s in list_incidents(tmp_path)}
    assert [s.id for s in list_incidents(tmp_path) if s.problem is None] == [
        "INC-c", "INC-b", "INC-a"]
    assert summaries["INC-a"].resolved and summaries["INC-b"].drill
    assert summaries["INC-c"].severity == "P2" and summaries["INC-c"].event_count == 2
    assert summaries["INC-d"].problem is not None and "INC-d.jsonl:1" in summaries["INC-d"].problem
    assert [s.id for s in open_incidents(tmp_path)] == ["INC-c", "INC-b"]

    table = incidents_table(tmp_path)
    lines = table.splitlines()
    assert lines[0] == f"Incidents in {tmp_path}"
    row_c = next(line for line in lines if line.startswith("INC-c"))
    assert "2026-01-01 04:00:00" in row_c and "incident" in row_c and "open" in row_c
    assert "drill" in next(line for line in lines if line.startswith("INC-b"))
    assert "resolved" in next(line for line in lines if line.startswith("INC-a"))
    assert "unreadable" in next(line for line in lines if line.startswith("INC-d"))


def test_empty_or_missing_directory(tmp_path: Path) -> None:
    assert list_incidents(tmp_path / "missing") == []
    assert "(none)" in incidents_table(tmp_path / "missing")
    with pytest.raises(InputError, match="no open incident"):
        resolve_incident_path(tmp_path / "missing", None)


def test_resolve_incident_path(tmp_path: Path, clock: FrozenClock) -> None:
    older = _incident(tmp_path, clock, "INC-old")
    newer = _incident(tmp_path, clock, "INC-new")
    _incident(tmp_path, clock, "INC-done", resolved=True)
    assert resolve_incident_path(tmp_path, None) == newer
    assert resolve_incident_path(tmp_path, "INC-old") == older
    with pytest.raises(InputError, match="unknown incident 'INC-nope'") as caught:
        resolve_incident_path(tmp_path, "INC-nope")
    assert "INC-done" in str(caught.value)
    with pytest.raises(InputError, match="invalid incident id"):
        resolve_incident_path(tmp_path, "../../etc/passwd")
