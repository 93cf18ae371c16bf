"""follow(): a second console sees what the writer appends, in order, whole lines only."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import pytest

from console.errors import InputError
from console.journal.events import Event, Note
from console.journal.follow import follow
from console.journal.write import Journal
from services.clock import FrozenClock
from tests.unit.incident.builders import declared


async def _collect(path: Path, count: int, after_seq: int = 0) -> list[Event]:
    events: list[Event] = []
    async for event in follow(path, poll_s=0.01, after_seq=after_seq):
        events.append(event)
        if len(events) == count:
            break
    return events


async def test_follows_a_writer_thread_in_order(tmp_path: Path, clock: FrozenClock) -> None:
    journal = Journal.create(tmp_path, "INC-1", clock, "alice")
    journal.append(declared())

    def write() -> None:
        for index in range(20):
            journal.append(Note(text=f"note {index}"))
            time.sleep(0.005)

    writer = threading.Thread(target=write)
    writer.start()
    events = await asyncio.wait_for(_collect(journal.path, 21), timeout=10)
    writer.join()
    journal.close()
    assert [e.seq for e in events] == list(range(1, 22))
    assert [e.text for e in events[1:] if isinstance(e, Note)] == [f"note {i}" for i in range(20)]


async def test_waits_for_the_newline_of_a_partial_line(tmp_path: Path,
                                                        clock: FrozenClock) -> None:
    with Journal.create(tmp_path, "INC-1", clock, "alice") as journal:
        journal.append(declared())
    line = Note(seq=2, text="half written", at=clock.now()).model_dump_json().encode() + b"\n"
    fd = os.open(journal.path, os.O_WRONLY | os.O_APPEND)
    os.write(fd, line[:10])
    task = asyncio.ensure_future(_collect(journal.path, 1, after_seq=1))
    await asyncio.sleep(0.1)
    assert not task.done()  # it must not parse or skip the partial line
    os.write(fd, line[10:])
    os.close(fd)
    (event,) = await asyncio.wait_for(task, timeout=5)
    assert isinstance(event, Note) and event.text == "half written" and event.seq == 2


async def test_follows_across_a_torn_tail_truncated_by_the_writer(
        tmp_path: Path, clock: FrozenClock) -> None:
    with Journal.create(tmp_path, "INC-1", clock, "alice") as journal:
        journal.append(declared())
    with journal.path.open("ab") as handle:
        handle.write(b'{"type": "note", "se')  # the writer crashed mid-line
    task = asyncio.ensure_future(_collect(journal.path, 2))
    await asyncio.sleep(0.05)
    with Journal.open(journal.path, clock, "alice") as resumed:
        resumed.append(Note(text="after restart"))
    events = await asyncio.wait_for(task, timeout=5)
    assert [e.seq for e in events] == [1, 2]


async def test_missing_journal_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        await _collect(tmp_path / "INC-none.jsonl", 1)
