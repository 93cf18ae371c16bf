"""Reading a journal file back, tolerating exactly one kind of damage: a torn last line.

The writer appends one whole line per event with a single ``write`` and ``fsync``s before
acknowledging it, so a crash (or a power cut) can only damage the *end* of the file: a
line without its newline, or a tail the filesystem padded with NUL bytes. That tail was
never acknowledged, so it is reported and ignored. A complete, newline-terminated line
that is not an event is not torn (it may have been acknowledged). That, or damage
anywhere else, means the file was edited or mixed up, and guessing would corrupt the
incident's history: it is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from console.errors import InputError
from console.journal.events import EVENT_ADAPTER, Event


@dataclass(frozen=True, slots=True)
class JournalRead:
    """What a journal file holds: its events and, if the last write was torn, why not more."""

    events: tuple[Event, ...]
    torn: str | None = None
    """A message naming the file and byte offset of an ignored torn tail, else None."""
    valid_bytes: int = 0
    """Length of the parseable prefix; the writer truncates the file to it before appending."""


def parse_line(raw: bytes) -> Event:
    """One journal line -> its event; ValueError (or ValidationError) if it is not one."""
    return EVENT_ADAPTER.validate_json(raw.decode("utf-8"))


def read_journal(path: Path) -> JournalRead:
    """Read every event of ``path``; a torn last line is reported in ``torn`` and skipped.

    Raises InputError naming ``file:line`` for a complete (newline-terminated) line that
    is not an event, and for sequence numbers that are not 1, 2, 3... (events lost or
    files spliced).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "journal not found") from None
    except OSError as exc:
        raise InputError(path, f"cannot read journal: {exc.strerror}") from None
    return parse_journal_bytes(path, data)


def parse_journal_bytes(path: Path, data: bytes) -> JournalRead:
    """The parsing half of :func:`read_journal`, shared with the follower.

    Only an unterminated tail is torn (each event is written with its newline in one
    ``write``, so a line without one was never acknowledged), or a last line holding NUL
    bytes (a filesystem's zero padding after a crash). A complete line that is not an
    event may have been acknowledged: an InputError naming ``file:line``, never skipped.
    """
    lines = data.split(b"\n")
    complete, tail = lines[:-1], lines[-1]
    events: list[Event] = []
    offset = 0
    for number, raw in enumerate(complete, start=1):
        try:
            event = parse_line(raw)
        except (ValueError, ValidationError) as exc:
            if number == len(complete) and b"\x00" in raw:
                return JournalRead(tuple(events), _torn(path, offset, len(data) - offset), offset)
            raise InputError(path, f"not a journal event: {_reason(exc)}", line=number) from None
        _check_seq(path, number, event, len(events))
        events.append(event)
        offset += len(raw) + 1
    torn = _torn(path, offset, len(tail)) if tail else None
    return JournalRead(tuple(events), torn, offset)


def _check_seq(path: Path, number: int, event: Event, before: int) -> None:
    if event.seq != before + 1:
        raise InputError(
            path, f"event seq {event.seq} out of order (expected {before + 1})", line=number
        )


def _torn(path: Path, offset: int, length: int) -> str:
    return (f"{path}: torn last line at byte {offset} ({length} bytes) ignored: "
            "an interrupted write that was never acknowledged")


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
