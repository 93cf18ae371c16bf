"""Following a journal that another console is writing: ``tail -f`` for events.

A read-only watcher (or a second operator) folds the journal it has and then follows it.
Polling is deliberate: it works on any filesystem (inotify does not see writes over NFS)
and a journal grows by a few events a minute. Only complete lines are consumed; a line
still being written is left for the next poll. The reader re-reads from the end of the
last complete line, so a writer that truncates a torn tail (see ``Journal.open``) is
followed correctly too.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from pydantic import ValidationError

from console.errors import InputError
from console.journal.events import Event
from console.journal.read import LINE_LIMIT_BYTES, parse_line
from services.files import FileRefused, read_slice, size_words

READ_BYTES = 4 * LINE_LIMIT_BYTES
"""Bytes read per poll at most: a journal that grew by gigabytes is caught up with in
bounded steps, never read whole."""


async def follow(path: Path, poll_s: float = 0.5, *, after_seq: int = 0) -> AsyncIterator[Event]:
    """Yield the events of ``path`` with ``seq > after_seq`` as they are appended, forever.

    Pass the ``seq`` of the last event already folded as ``after_seq`` to pick up exactly
    where a :func:`read_journal` left off. Raises InputError if the file is missing or a
    complete line is not an event.
    """
    consumed = 0  # byte offset just after the last complete line
    line_number = 0
    while True:
        chunk = _read_from(path, consumed)
        end = chunk.rfind(b"\n")
        if end < 0 and len(chunk) > LINE_LIMIT_BYTES:
            raise InputError(path, f"not a journal event: line over "
                             f"{size_words(LINE_LIMIT_BYTES)}", line=line_number + 1)
        if end >= 0:
            for raw in chunk[:end].split(b"\n"):
                line_number += 1
                event = _parse(path, raw, line_number)
                if event.seq > after_seq:
                    yield event
            consumed += end + 1
            if len(chunk) == READ_BYTES:
                continue  # more is waiting: read on before sleeping
        await asyncio.sleep(poll_s)


def _read_from(path: Path, offset: int) -> bytes:
    try:
        return read_slice(path, offset, READ_BYTES)
    except FileRefused as exc:
        if not path.exists():
            raise InputError(path, "journal not found") from None
        raise InputError(path, f"cannot read journal: {exc}") from None


def _parse(path: Path, raw: bytes, line_number: int) -> Event:
    try:
        return parse_line(raw)
    except (ValueError, ValidationError, RecursionError) as exc:
        raise InputError(path, f"not a journal event: {exc}", line=line_number) from None
