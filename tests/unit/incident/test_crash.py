"""Crash safety: SIGKILL a writer at random moments; nothing it acknowledged may be lost.

The child writes a seq only after ``append`` returned (after fsync). After each kill the
journal must parse, hold seqs 1..n without gaps, and n must cover every acknowledged seq
(a torn tail is allowed only beyond them). Reopening must then append cleanly.

Two ways to start the child, same loop (``journal_child.append_forever``): a fresh
``python journal_child.py`` (the real thing, ~0.15-0.5 s of interpreter and pydantic start
each, so only some trials) and a ``fork`` of the test process (milliseconds), which lets
hundreds of trials fit in the time budget even on a loaded machine.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from console.journal.events import Note
from console.journal.write import Journal, read_journal
from services.clock import SystemClock
from tests.unit.incident.journal_child import append_forever

CHILD = Path(__file__).with_name("journal_child.py")
SEED = 20260101
EXEC_TRIALS = 24
FORK_TRIALS = 216


@dataclass(frozen=True)
class Trial:
    acknowledged: int
    recorded: int
    torn: bool
    killed: bool


def _delay(index: int) -> float:
    """1-60 ms after the child is ready to append, reproducibly per trial."""
    return random.Random(SEED + index).uniform(0.001, 0.060)


def _exec_child(base: Path, incident_id: str, index: int) -> tuple[bytes, int]:
    # bufsize=0: a buffered readline() could swallow acks that communicate() then misses
    child = subprocess.Popen([sys.executable, str(CHILD), str(base), incident_id],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
    assert child.stdout is not None
    assert child.stdout.readline() == b"ready\n"
    time.sleep(_delay(index))
    child.send_signal(signal.SIGKILL)
    output, _ = child.communicate(timeout=10)
    return output, child.returncode


def _fork_child(base: Path, incident_id: str, index: int) -> tuple[bytes, int]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_fd)
            append_forever(base, incident_id, write_fd)
        finally:
            os._exit(70)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb", buffering=0) as reader:
        assert reader.readline() == b"ready\n"
        time.sleep(_delay(index))
        os.kill(pid, signal.SIGKILL)
        output = reader.read()
    _, status = os.waitpid(pid, 0)
    return output, -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _check(base: Path, index: int, start: Callable[[Path, str, int], tuple[bytes, int]]) -> Trial:
    incident_id = f"INC-crash-{index:04d}"
    output, returncode = start(base, incident_id, index)
    acked = [int(line) for line in output.split(b"\n")[:-1]]  # whole lines only
    assert acked == list(range(1, len(acked) + 1))
    path = base / f"{incident_id}.jsonl"
    read = read_journal(path)
    seqs = [event.seq for event in read.events]
    assert seqs == list(range(1, len(seqs) + 1)), "gap in the journal"
    assert len(seqs) >= len(acked), f"acknowledged seq lost: {len(acked)} > {len(seqs)}"
    with Journal.open(path, SystemClock(), "parent") as resumed:
        assert resumed.append(Note(text="resumed")).seq == len(seqs) + 1
    assert read_journal(path).torn is None
    return Trial(len(acked), len(seqs), read.torn is not None, returncode == -signal.SIGKILL)


def _report(label: str, trials: list[Trial], elapsed: float) -> None:
    print(f"\ncrash test ({label}): {len(trials)} trials, {sum(t.killed for t in trials)} "
          f"SIGKILLs, {sum(t.acknowledged > 0 for t in trials)} after >=1 ack, "
          f"{sum(t.acknowledged for t in trials)} acked / {sum(t.recorded for t in trials)} "
          f"recorded events, {sum(t.torn for t in trials)} torn tails, {elapsed:.1f} s")
    assert all(t.killed for t in trials)
    assert sum(t.acknowledged > 0 for t in trials) >= len(trials) // 2, \
        "kills must land while the child is appending"


def test_sigkill_of_a_fresh_child_process(tmp_path: Path) -> None:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        trials = list(pool.map(lambda i: _check(tmp_path, i, _exec_child), range(EXEC_TRIALS)))
    _report("exec", trials, time.monotonic() - started)


def test_sigkill_of_a_forked_child(tmp_path: Path) -> None:
    started = time.monotonic()
    trials = [_check(tmp_path, EXEC_TRIALS + i, _fork_child) for i in range(FORK_TRIALS)]
    elapsed = time.monotonic() - started
    _report("fork", trials, elapsed)
    assert elapsed < 45
