"""Progress lines of a long action (a restore), from deep in a backend to whoever watches.

The runner's call has no parameter for progress (one signature for every operation), so
the watcher — the headless command printing to stderr, the checklist showing a line on
screen — sets a context variable around the call, and the backend reports through it.
Context variables follow the call into the tasks it starts, and each concurrent call keeps
its own. A reporter must not block: the TUI's posts a message and returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Progress = Callable[[str], None]
PROGRESS: ContextVar[Progress | None] = ContextVar("action_progress", default=None)
"""Where the running action reports its progress lines (None: nobody watches)."""


def report(line: str) -> None:
    """Tell whoever watches the running action; nothing when nobody does."""
    callback = PROGRESS.get()
    if callback is not None:
        callback(line)


@contextmanager
def reporting(callback: Progress) -> Iterator[None]:
    """Progress of the actions run inside the block goes to ``callback``."""
    token = PROGRESS.set(callback)
    try:
        yield
    finally:
        PROGRESS.reset(token)
