"""Crash-test child: append events to a journal in a loop until killed.

Usage: ``python tests/unit/incident/journal_child.py <journal_dir> <incident_id>``.
Writes ``ready`` once the journal is created, then the ``seq`` of every event *after*
``append`` returned (i.e. after fsync): the parent treats each written seq as acknowledged
and checks it survived the SIGKILL. Imports only console.incident (and the clock) so that
a fresh interpreter starts fast; the crash test also calls :func:`append_forever` in a
forked copy of itself, which skips the interpreter start altogether.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from console.journal.events import Declared, Note  # noqa: E402
from console.journal.write import Journal  # noqa: E402
from services.clock import SystemClock  # noqa: E402

FILLER = "x" * 300
"""Long enough that a line is more than a trivial write."""


def append_forever(journal_dir: Path, incident_id: str, ack_fd: int) -> NoReturn:
    """Create the journal and append until killed, acknowledging each seq on ``ack_fd``.

    The first event is built before ``ready``: events build their validators on first use,
    which in a fresh interpreter loads pydantic's schema machinery (tens of ms), and the
    kills must land while the child appends, not while it warms up."""
    declared = Declared(incident_id=incident_id, title="crash test", drill=True)
    journal = Journal.create(journal_dir, incident_id, SystemClock(), "crash-test")
    os.write(ack_fd, b"ready\n")
    event = journal.append(declared)
    os.write(ack_fd, f"{event.seq}\n".encode())
    while True:
        event = journal.append(Note(text=f"note {len(journal.events)} {FILLER}"))
        os.write(ack_fd, f"{event.seq}\n".encode())  # one small write: atomic on a pipe


if __name__ == "__main__":
    append_forever(Path(sys.argv[1]), sys.argv[2], sys.stdout.fileno())
