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

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from console.errors import InputError
from console.journal.events import Event, event_adapter
from services.files import FileRefused, read_regular, size_words
from services.sanitize import sanitize

JOURNAL_LIMIT_BYTES = 256 * 1024 * 1024
"""A journal grows by a few events a minute (a busy incident is a few MB); past this the
file is not a journal this console wrote, and reading it whole would fill memory."""
LINE_LIMIT_BYTES = 1024 * 1024
"""One event is a few hundred bytes (an action's output at most a few KB)."""
TEXT_LIMIT = 16 * 1024
"""Characters of one string field of an event read back."""
_ESCAPES = (b"\\u", b"\\b", b"\\f", b"\\r")
"""JSON escapes that can spell a control character; a line without any of them, ASCII
only and short, holds no text that needs sanitising."""


@dataclass(frozen=True, slots=True)
class JournalRead:
    """What a journal file holds: its events and, if the last write was torn, why not more."""

    events: tuple[Event, ...]
    torn: str | None = None
    """A message naming the file and byte offset of an ignored torn tail, else None."""
    valid_bytes: int = 0
    """Length of the parseable prefix; the writer truncates the file to it before appending."""


def parse_line(raw: bytes) -> Event:
    """One journal line -> its event; ValueError (or ValidationError) if it is not one.

    A journal may have been written by another console, or edited: every string in it is
    sanitised (escape sequences removed, controls shown escaped, newlines and tabs kept,
    :data:`TEXT_LIMIT` characters) before the event exists, so no screen, report or
    command can print a terminal escape read from a journal.
    """
    if len(raw) > LINE_LIMIT_BYTES:
        raise ValueError(f"line over {size_words(LINE_LIMIT_BYTES)}")
    if raw.isascii() and len(raw) <= TEXT_LIMIT and not any(e in raw for e in _ESCAPES):
        return event_adapter().validate_json(raw)
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deeply") from None
    return event_adapter().validate_python(_clean(data))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return sanitize(value, limit=TEXT_LIMIT, keep="\n\t")
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def read_journal(path: Path) -> JournalRead:
    """Read every event of ``path``; a torn last line is reported in ``torn`` and skipped.

    Raises InputError naming ``file:line`` for a complete (newline-terminated) line that
    is not an event, and for sequence numbers that are not 1, 2, 3... (events lost or
    files spliced).
    """
    try:
        data = read_regular(path, limit=JOURNAL_LIMIT_BYTES)
    except FileRefused as exc:
        if not path.exists():
            raise InputError(path, "journal not found") from None
        raise InputError(path, f"cannot read journal: {exc}") from None
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
