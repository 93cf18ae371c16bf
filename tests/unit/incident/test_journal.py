"""The journal file: permissions, append/seq, torn tails, corrupt lines, single writer."""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.errors import InputError
from console.journal.events import Declared, Note
from console.journal.write import Journal, JournalUnavailable, new_incident_id, read_journal
from services.clock import FrozenClock
from tests.unit.incident.builders import declared


def _journal(tmp_path: Path, clock: FrozenClock) -> Journal:
    return Journal.create(tmp_path / "journal", "INC-1", clock, "alice")


def test_files_are_private(tmp_path: Path, clock: FrozenClock) -> None:
    with _journal(tmp_path, clock) as journal:
        journal.append(declared())
    assert stat.S_IMODE((tmp_path / "journal").stat().st_mode) == 0o700
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600


def test_append_stamps_seq_time_and_operator(tmp_path: Path, clock: FrozenClock) -> None:
    with _journal(tmp_path, clock) as journal:
        first = journal.append(declared())
        clock.advance(timedelta(seconds=90))
        second = journal.append(Note(text="looking", operator="bob"))
        local = datetime(2026, 1, 1, 5, 0, tzinfo=UTC).astimezone()
        third = journal.append(Note(text="explicit time", at=local))
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.at == datetime(2026, 1, 1, 2, 0, tzinfo=UTC)
    assert second.at == datetime(2026, 1, 1, 2, 1, 30, tzinfo=UTC)
    assert third.at is not None and third.at.utcoffset() == timedelta(0)
    assert (first.operator, second.operator) == ("alice", "bob")
    lines = journal.path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 4
    assert json.loads(lines[1])["seq"] == 2
    assert read_journal(journal.path).events == journal.events


def test_create_refuses_an_existing_incident(tmp_path: Path, clock: FrozenClock) -> None:
    _journal(tmp_path, clock).close()
    with pytest.raises(InputError, match="already exists"):
        _journal(tmp_path, clock)


def test_a_second_writer_is_refused(tmp_path: Path, clock: FrozenClock) -> None:
    with _journal(tmp_path, clock) as journal, pytest.raises(InputError, match="another"):
        Journal.open(journal.path, clock, "bob")
    Journal.open(journal.path, clock, "bob").close()  # free again once closed


def test_incident_ids_sort_by_time_and_reject_paths(tmp_path: Path, clock: FrozenClock) -> None:
    assert new_incident_id(datetime(2026, 1, 1, 2, 0, tzinfo=UTC), "ab12") == \
        "INC-20260101-0200-ab12"
    assert re.fullmatch(r"INC-20260101-0200-[0-9a-f]{4}", new_incident_id(clock.now()))
    with pytest.raises(InputError, match="invalid incident id"):
        Journal.create(tmp_path, "../escape", clock, "alice")


@pytest.mark.parametrize("tail", [b'{"type": "note", "seq": 3, "te', b"\x00\x00\x00\x00",
                                  b'{"type": "note", "seq": 3, "text": "x"}',
                                  b'{"type": "note", "seq\x00\x00\x00\n'])
def test_torn_tail_is_reported_ignored_and_truncated_on_reopen(
        tmp_path: Path, clock: FrozenClock, tail: bytes) -> None:
    with _journal(tmp_path, clock) as journal:
        journal.append(declared())
        journal.append(Note(text="one"))
    good = journal.path.stat().st_size
    with journal.path.open("ab") as handle:
        handle.write(tail)

    read = read_journal(journal.path)
    assert [e.seq for e in read.events] == [1, 2]
    assert read.torn is not None
    assert str(journal.path) in read.torn and f"byte {good}" in read.torn

    with Journal.open(journal.path, clock, "bob") as resumed:
        assert journal.path.stat().st_size == good
        event = resumed.append(Note(text="after the crash"))
    assert event.seq == 3
    again = read_journal(journal.path)
    assert again.torn is None
    assert [e.seq for e in again.events] == [1, 2, 3]


@pytest.mark.parametrize("last", [b'{"broken json"}\n', b'{"type": "note", "seq": 3}\n'])
def test_a_complete_bad_last_line_is_an_error_never_truncated(
        tmp_path: Path, clock: FrozenClock, last: bytes) -> None:
    """A newline-terminated line may have been acknowledged: not torn, not cut off."""
    with _journal(tmp_path, clock) as journal:
        journal.append(declared())
        journal.append(Note(text="one"))
    with journal.path.open("ab") as handle:
        handle.write(last)
    size = journal.path.stat().st_size
    with pytest.raises(InputError) as caught:
        read_journal(journal.path)
    assert str(caught.value).startswith(f"{journal.path}:3: not a journal event")
    with pytest.raises(InputError, match=":3: "):
        Journal.open(journal.path, clock, "bob")
    assert journal.path.stat().st_size == size


def test_corrupt_middle_line_names_file_and_line(tmp_path: Path, clock: FrozenClock) -> None:
    with _journal(tmp_path, clock) as journal:
        for text in ("one", "two", "three"):
            journal.append(Note(text=text))
    lines = journal.path.read_bytes().split(b"\n")
    lines[1] = b'{"type": "note", "seq": 2, "text": '
    journal.path.write_bytes(b"\n".join(lines))
    with pytest.raises(InputError) as caught:
        read_journal(journal.path)
    assert str(caught.value).startswith(f"{journal.path}:2: ")
    with pytest.raises(InputError):  # and the writer refuses to append after it
        Journal.open(journal.path, clock, "alice")


def test_a_gap_in_seq_is_an_error(tmp_path: Path, clock: FrozenClock) -> None:
    with _journal(tmp_path, clock) as journal:
        for text in ("one", "two", "three"):
            journal.append(Note(text=text))
    lines = journal.path.read_bytes().split(b"\n")
    journal.path.write_bytes(b"\n".join([lines[0], lines[2], lines[3]]))
    with pytest.raises(InputError, match=r":2: event seq 3 out of order"):
        read_journal(journal.path)


def test_missing_journal_is_an_input_error(tmp_path: Path, clock: FrozenClock) -> None:
    with pytest.raises(InputError, match="not found"):
        read_journal(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="not found"):
        Journal.open(tmp_path / "nope.jsonl", clock, "alice")


def test_declared_event_round_trips_the_drill_flag(tmp_path: Path, clock: FrozenClock) -> None:
    with _journal(tmp_path, clock) as journal:
        journal.append(Declared(incident_id="INC-1", title="drill", drill=True))
    (event,) = read_journal(journal.path).events
    assert isinstance(event, Declared) and event.drill is True


def test_a_failed_write_is_not_acknowledged_and_closes_the_journal(
        tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = _journal(tmp_path, clock)
    journal.append(declared())
    real_write = os.write

    def half_write(fd: int, data: bytes) -> int:
        return real_write(fd, data[: len(data) // 2])

    monkeypatch.setattr(os, "write", half_write)
    with pytest.raises(JournalUnavailable, match=r"NOT recorded.*short write") as caught:
        journal.append(Note(text="lost"))
    assert str(caught.value).startswith(f"{journal.path}: ")
    monkeypatch.setattr(os, "write", real_write)
    assert len(journal.events) == 1
    with pytest.raises(JournalUnavailable, match=r"INC-1\.jsonl: journal is closed"):
        journal.append(Note(text="refused"))
    assert read_journal(journal.path).torn is not None
    with Journal.open(journal.path, clock, "alice") as resumed:
        assert resumed.append(Note(text="again")).seq == 2
    assert read_journal(journal.path).torn is None


def test_append_returns_only_after_one_write_and_an_fsync(
        tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGKILL tests cannot see a missing fsync (the page cache survives a killed process),
    so check the order of system calls directly."""
    journal = _journal(tmp_path, clock)
    calls: list[str] = []
    real_write, real_fsync = os.write, os.fsync
    monkeypatch.setattr(os, "write", lambda fd, data: calls.append("write") or real_write(fd, data))
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd))
    journal.append(declared())
    calls.append("returned")
    assert calls == ["write", "fsync", "returned"]
    journal.close()


def test_an_fsync_error_is_journal_unavailable_naming_the_file(
        tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = _journal(tmp_path, clock)
    journal.append(declared())

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(JournalUnavailable) as caught:
        journal.append(Note(text="lost"))
    assert str(caught.value) == (f"{journal.path}: event NOT recorded, journal closed: "
                                 "No space left on device")


def test_an_unwritable_journal_dir_is_journal_unavailable(
        tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(self: Path, mode: int = 0o777) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", denied)  # as a non-root user on a 0500 parent
    with pytest.raises(JournalUnavailable) as caught:
        Journal.create(tmp_path / "journal", "INC-1", clock, "alice")
    assert str(caught.value) == (f"{tmp_path / 'journal' / 'INC-1.jsonl'}: "
                                 "cannot create journal: Permission denied")


def test_a_new_journal_dir_is_private_and_its_parent_synced(
        tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_open, real_fsync = os.open, os.fsync
    names: dict[int, str] = {}

    def tracking_open(path: object, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)  # type: ignore[arg-type]
        names[fd] = str(path)
        return fd

    def tracking_fsync(fd: int) -> None:
        synced.append(names.get(fd, "?"))
        real_fsync(fd)

    monkeypatch.setattr(os, "open", tracking_open)
    monkeypatch.setattr(os, "fsync", tracking_fsync)
    old = os.umask(0o022)
    try:
        journal = Journal.create(tmp_path / "a" / "journal", "INC-1", clock, "alice")
    finally:
        os.umask(old)
    journal.close()
    assert stat.S_IMODE((tmp_path / "a" / "journal").stat().st_mode) == 0o700
    assert str(tmp_path) in synced and str(tmp_path / "a") in synced


def test_create_closes_the_file_if_fchmod_fails(
        tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[int] = []
    real_open = os.open

    def tracking_open(path: object, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)  # type: ignore[arg-type]
        opened.append(fd)
        return fd

    def broken_fchmod(fd: int, mode: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "open", tracking_open)
    monkeypatch.setattr(os, "fchmod", broken_fchmod)
    with pytest.raises(JournalUnavailable, match="Input/output error"):
        Journal.create(tmp_path / "journal", "INC-1", clock, "alice")
    for fd in opened:
        with pytest.raises(OSError):
            os.fstat(fd)
