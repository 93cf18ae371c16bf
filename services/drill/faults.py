"""Injected source faults, for testing the poller's timeouts and staleness display.

Faults act on the source, not on the simulated world: a hung source hangs in real time
(the poller's timeout is real time), while the world keeps following the drill clock.
"""

from __future__ import annotations

import asyncio

from services.sources import BadAnswer

SOURCE_NAMES: tuple[str, ...] = (
    "cluster/primary", "cluster/dr", "postgres/primary", "postgres/dr", "redis/primary",
    "redis/dr", "backups", "health/primary", "health/dr", "dns")
"""Every source the drill environment offers, one per dashboard pane feed."""


class Faults:
    """Per-source hang and failure switches; they stay on until cleared."""

    def __init__(self) -> None:
        self._hangs: dict[str, float] = {}
        self._failures: dict[str, str] = {}

    @staticmethod
    def _check(name: str) -> None:
        if name not in SOURCE_NAMES:
            raise ValueError(f"unknown drill source {name!r}; known: {', '.join(SOURCE_NAMES)}")

    def hang(self, name: str, seconds: float) -> None:
        """Make every poll of ``name`` wait ``seconds`` of real time before answering."""
        self._check(name)
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        self._hangs[name] = seconds

    def fail(self, name: str, message: str) -> None:
        """Make every poll of ``name`` raise :class:`BadAnswer` with ``message``."""
        self._check(name)
        self._failures[name] = message

    def clear(self, name: str | None = None) -> None:
        """Remove the faults of one source, or of all of them."""
        if name is None:
            self._hangs.clear()
            self._failures.clear()
            return
        self._check(name)
        self._hangs.pop(name, None)
        self._failures.pop(name, None)

    async def apply(self, name: str) -> None:
        """Called at the start of each poll: hang first (if set), then fail (if set)."""
        seconds = self._hangs.get(name)
        if seconds is not None:
            await asyncio.sleep(seconds)
        message = self._failures.get(name)
        if message is not None:
            raise BadAnswer(message)
