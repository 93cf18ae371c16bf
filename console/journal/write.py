"""The incident journal: one append-only JSON Lines file per incident, fsync'd per event.

The journal is the single source of truth for an incident (state, clocks and reports are
folded from it), so an event counts as *acknowledged* only once it is on disk: ``append``
writes the whole line with one ``os.write`` and returns only after ``os.fsync``. A crash can
therefore leave at most one torn, unacknowledged line at the end, which readers skip and
:meth:`Journal.open` cuts off before appending again (otherwise the next event would be
glued to the garbage and the file would stop parsing in the middle).

Files are ``<journal_dir>/<incident_id>.jsonl``, the directory 0700 and each file 0600:
a journal names people and systems and is nobody else's business on a shared jump host.
One writer at a time is enforced with an exclusive ``flock``; followers only read.
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from console.errors import InputError
from console.journal.events import Event
from console.journal.listing import IncidentSummary, list_incidents
from console.journal.read import JournalRead, read_journal
from console.journal.refusals import JournalUnavailable, os_reason
from services.clock import Clock

__all__ = [
    "INCIDENT_ID",
    "IncidentSummary",
    "Journal",
    "JournalRead",
    "JournalUnavailable",
    "journal_path",
    "list_incidents",
    "new_incident_id",
    "read_journal",
]

SUFFIX = ".jsonl"
INCIDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
"""Ids become file names: no separators, no leading dot, nothing to traverse with."""


def new_incident_id(now: datetime, token: str | None = None) -> str:
    """``INC-20260101-0200-ab12``: sortable by time, plus 4 random hex digits against clashes."""
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M")
    return f"INC-{stamp}-{token if token is not None else secrets.token_hex(2)}"


def journal_path(journal_dir: Path, incident_id: str) -> Path:
    """Where the journal of ``incident_id`` lives; InputError for an id unfit as a file name."""
    if not INCIDENT_ID.fullmatch(incident_id):
        raise InputError(journal_dir, f"invalid incident id {incident_id!r}")
    return journal_dir / f"{incident_id}{SUFFIX}"


class Journal:
    """An open, writable incident journal; build it with :meth:`create` or :meth:`open`."""

    def __init__(self, path: Path, fd: int, clock: Clock, operator: str,
                 events: tuple[Event, ...]) -> None:
        self.path = path
        self._fd = fd
        self._clock = clock
        self._operator = operator
        self._events = list(events)
        self._lock = threading.Lock()

    @classmethod
    def create(cls, journal_dir: Path, incident_id: str, clock: Clock, operator: str) -> Journal:
        """Start a new, empty journal; InputError if that incident already has one.

        JournalUnavailable (naming the file) if it cannot be created: directory not
        writable, disk full...
        """
        path = journal_path(journal_dir, incident_id)
        try:
            _ensure_private_dir(journal_dir)
            fd = os.open(path, os.O_APPEND | os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            raise InputError(path, "an incident journal with this id already exists") from None
        except OSError as exc:
            raise _unavailable(path, "cannot create journal", exc) from exc
        try:
            os.fchmod(fd, 0o600)  # the umask can only remove bits, but be explicit
            _fsync_dir(journal_dir)  # the new directory entry must survive a crash too
        except OSError as exc:
            os.close(fd)
            raise _unavailable(path, "cannot create journal", exc) from exc
        return cls(path, _locked(fd, path), clock, operator, ())

    @classmethod
    def open(cls, path: Path, clock: Clock, operator: str) -> Journal:
        """Resume an existing journal: its events are loaded and ``seq`` continues after them.

        A torn tail left by a crash (an unterminated last line) is truncated away first, so
        the next append starts on a clean line; the torn bytes were never acknowledged, so
        nothing recorded is lost. A complete line that is not an event is an InputError:
        it may have been acknowledged, so it is never cut off.
        """
        try:
            fd = os.open(path, os.O_APPEND | os.O_WRONLY)
        except FileNotFoundError:
            raise InputError(path, "journal not found") from None
        except OSError as exc:
            raise _unavailable(path, "cannot open journal for writing", exc) from exc
        fd = _locked(fd, path)
        try:
            read = read_journal(path)
            if read.torn is not None:
                os.ftruncate(fd, read.valid_bytes)
                os.fsync(fd)
        except OSError as exc:
            os.close(fd)
            raise _unavailable(path, "cannot repair the torn tail", exc) from exc
        except BaseException:
            os.close(fd)
            raise
        return cls(path, fd, clock, operator, read.events)

    @property
    def events(self) -> tuple[Event, ...]:
        """Every acknowledged event, in order."""
        return tuple(self._events)

    @property
    def incident_id(self) -> str:
        return self.path.name.removesuffix(SUFFIX)

    def append(self, event: Event) -> Event:
        """Stamp ``event`` (seq, UTC time, operator), write it durably, and return it.

        The returned event is acknowledged: it is on disk and will be read back. Raises
        JournalUnavailable if it could not be written (the journal is closed then, and
        every later append is refused the same way until it is reopened).
        """
        with self._lock:
            if self._fd < 0:
                raise JournalUnavailable(self.path, "journal is closed (after a failed write, "
                                                    "resume the incident to reopen it)")
            at = event.at if event.at is not None else self._clock.now()
            stamped = event.model_copy(update={
                "seq": len(self._events) + 1,
                "at": at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC),
                "operator": event.operator or self._operator,
            })
            line = (stamped.model_dump_json() + "\n").encode("utf-8")
            try:
                written = os.write(self._fd, line)
                if written != len(line):  # disk full mid-line: a torn tail, never acked
                    raise OSError(f"short write ({written} of {len(line)} bytes, disk full?)")
                os.fsync(self._fd)
            except OSError as exc:
                # What reached the disk is unknown now (even a failed fsync may have written
                # part of it); stop here, so no later event is glued to a partial line.
                # Journal.open cuts a torn tail off and resumes cleanly.
                os.close(self._fd)
                self._fd = -1
                raise _unavailable(self.path, "event NOT recorded, journal closed", exc) from exc
            self._events.append(stamped)
            return stamped

    def close(self) -> None:
        """Release the file (and with it the writer lock)."""
        with self._lock:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _ensure_private_dir(journal_dir: Path) -> None:
    """Create ``journal_dir`` (0700) and any missing parents, durably; leave an existing one."""
    missing: list[Path] = []
    for directory in (journal_dir, *journal_dir.parents):
        if directory.exists():
            break
        missing.append(directory)
    for directory in reversed(missing):  # outermost first
        try:
            directory.mkdir(mode=0o700 if directory == journal_dir else 0o777)
        except FileExistsError:  # another console made it meanwhile
            continue
        if directory == journal_dir:
            directory.chmod(0o700)  # mkdir's mode is filtered by the umask
        _fsync_dir(directory.parent)  # the new entry must survive a crash


def _unavailable(path: Path, what: str, exc: OSError) -> JournalUnavailable:
    return JournalUnavailable(path, f"{what}: {os_reason(exc)}")


def _locked(fd: int, path: Path) -> int:
    """Take the single-writer lock, so two consoles cannot interleave sequence numbers."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise InputError(path, "journal is open for writing in another console "
                               "(follow it read-only instead)") from None
    return fd


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
