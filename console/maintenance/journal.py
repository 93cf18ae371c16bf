"""The maintenance journal: one append-only JSON Lines file, written like an incident's.

Verifications, test restores, tape handovers and tasks an operator marks done are
facts the calendar and the Backups pane are folded from, so they get the incident
journal's guarantees (fsync per event, one writer, torn tail repaired) by reusing its
writer. It lives in ``<journal_dir>/maintenance/`` so that listing incidents never sees it.
"""

from __future__ import annotations

from pathlib import Path

from console.journal.events import Event
from console.journal.read import read_journal
from console.journal.write import Journal, journal_path
from services.clock import Clock, SystemClock

FOLDER = "maintenance"
JOURNAL_ID = "maintenance"


def maintenance_path(journal_dir: Path) -> Path:
    return journal_path(journal_dir / FOLDER, JOURNAL_ID)


def record(journal_dir: Path, event: Event, *, operator: str = "",
           clock: Clock | None = None) -> Event:
    """Append ``event`` durably (creating the journal on first use); returns it stamped."""
    clock = clock or SystemClock()
    path = maintenance_path(journal_dir)
    if path.exists():
        journal = Journal.open(path, clock, operator)
    else:
        journal = Journal.create(path.parent, JOURNAL_ID, clock, operator)
    with journal:
        return journal.append(event)


def read_events(journal_dir: Path) -> tuple[Event, ...]:
    """Every recorded maintenance event, oldest first (none before the first record)."""
    path = maintenance_path(journal_dir)
    return read_journal(path).events if path.exists() else ()
