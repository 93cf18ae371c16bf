"""A journal written by someone else is outside text: sanitised, bounded, a regular file."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from console.errors import InputError
from console.journal.events import Event, Note
from console.journal.follow import follow
from console.journal.read import LINE_LIMIT_BYTES, read_journal
from console.journal.write import Journal
from services.clock import FrozenClock
from tests.unit.incident.builders import declared

HOSTILE = "\x1b[2J\x1b[31mPWNED\x1b]0;TITLE\x1b\\\x1b]52;c;Q0FOQVJZ\x1b\\ok \u202e[bold]x[/]\x07"
CLEAN = "PWNEDok \\u202e[bold]x[/]\\x07"


def _journal_with_note(tmp_path: Path, clock: FrozenClock, text: str) -> Path:
    """A journal whose second line another console wrote (pydantic escapes the ESCs as
    ``\\u001b`` in JSON, as any JSON writer must)."""
    with Journal.create(tmp_path, "INC-1", clock, "alice") as journal:
        journal.append(declared())
    line = Note(seq=2, text=text, at=clock.now()).model_dump_json().encode() + b"\n"
    with journal.path.open("ab") as handle:
        handle.write(line)
    return journal.path


def test_read_back_text_carries_no_escape(tmp_path: Path, clock: FrozenClock) -> None:
    path = _journal_with_note(tmp_path, clock, HOSTILE)
    note = read_journal(path).events[1]
    assert isinstance(note, Note)
    assert note.text == CLEAN


def test_newlines_survive_and_long_text_is_cut(tmp_path: Path, clock: FrozenClock) -> None:
    path = _journal_with_note(tmp_path, clock, "line one\nline two\t" + "é" * 40_000)
    note = read_journal(path).events[1]
    assert isinstance(note, Note)
    assert note.text.startswith("line one\nline two\t") and len(note.text) == 16 * 1024


async def test_followed_text_carries_no_escape(tmp_path: Path, clock: FrozenClock) -> None:
    path = _journal_with_note(tmp_path, clock, HOSTILE)
    events: list[Event] = []
    async for event in follow(path, poll_s=0.01, after_seq=1):
        events.append(event)
        break
    assert isinstance(events[0], Note) and events[0].text == CLEAN


def test_a_line_over_the_limit_is_an_error(tmp_path: Path, clock: FrozenClock) -> None:
    path = _journal_with_note(tmp_path, clock, "x" * (LINE_LIMIT_BYTES + 10))
    with pytest.raises(InputError, match="line over 1 MiB"):
        read_journal(path)


async def test_following_an_endless_line_is_an_error(tmp_path: Path,
                                                     clock: FrozenClock) -> None:
    with Journal.create(tmp_path, "INC-1", clock, "alice") as journal:
        journal.append(declared())
    with journal.path.open("ab") as handle:
        handle.write(b"{" * (LINE_LIMIT_BYTES + 10))  # no newline ever comes

    async def drain() -> None:
        async for _event in follow(journal.path, poll_s=0.01, after_seq=1):
            pass

    with pytest.raises(InputError, match="line over 1 MiB"):
        await asyncio.wait_for(drain(), timeout=5)


def test_deeply_nested_line_is_an_error_not_a_crash(tmp_path: Path, clock: FrozenClock) -> None:
    path = _journal_with_note(tmp_path, clock, "fine")
    with path.open("ab") as handle:
        handle.write(b"[" * 100_000 + b"]" * 100_000 + b"\n")
    with pytest.raises(InputError, match="not a journal event"):
        read_journal(path)


async def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "INC-1.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="a FIFO"):
        read_journal(fifo)

    async def first() -> None:
        async for _event in follow(fifo, poll_s=0.01):
            break

    with pytest.raises(InputError, match="a FIFO"):
        await asyncio.wait_for(first(), timeout=5)
