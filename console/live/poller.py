"""Polls every source on its own interval, with a hard timeout, and never twice at once.

Why it is shaped like this (see DESIGN.md, data flow step 3):

* One task per source, and the next poll is scheduled only *after* the previous one
  finished (Dolphie's rule): a slow backend slows its own pane, never piles up requests.
* Every poll runs under ``asyncio.timeout``: a hung backend becomes a stale reading
  (``timeout after 4s``) that keeps the last good snapshot, instead of a frozen screen.
* A poll that raises becomes a stale reading too; :class:`~services.sources.SourceError`
  subclasses get a readable kind (``unreachable: ...``) the operator can act on.
* A snapshot whose own ``error`` is set (the source answered in part) is still a good
  reading: it becomes the last good snapshot, ``Reading.error`` stays None (so the reading
  is fresh) and the partial error travels with the snapshot for the pane to show.
* ``poll_once``, ``refresh`` and the loops share one in-flight task per source, so a
  refresh or a ``status`` command that arrives mid-poll joins that poll (coalesced).
* ``on_reading`` is the app's hook; a bug in it is logged and must not stop polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType

from console.live.position import advanced_at
from console.live.readings import Reading
from services.clock import Clock
from services.models import Snapshot
from services.sources import AuthFailed, BadAnswer, Source, SourceError, Unreachable

log = logging.getLogger(__name__)

AnyReading = Reading[Snapshot]

_KINDS: tuple[tuple[type[SourceError], str], ...] = (
    (Unreachable, "unreachable"),
    (AuthFailed, "auth failed"),
    (BadAnswer, "bad answer"),
    (SourceError, "source error"),
)


def describe_error(exc: BaseException) -> str:
    """A one-line, operator-readable reason for a failed poll."""
    kind = next((label for cls, label in _KINDS if isinstance(exc, cls)), type(exc).__name__)
    message = str(exc).strip()
    if message.lower().startswith(kind.lower()):  # the adapter said it already
        return message
    return f"{kind}: {message}" if message else kind


class Poller:
    """Runs sources and publishes one immutable :class:`Reading` per poll."""

    def __init__(
        self,
        sources: Sequence[Source[Snapshot]],
        intervals: Mapping[str, float] | Callable[[str], float],
        timeout_s: float,
        clock: Clock,
        on_reading: Callable[[AnyReading], None],
    ) -> None:
        if timeout_s <= 0:
            raise ValueError(f"timeout_s must be > 0, got {timeout_s}")
        self._sources: dict[str, Source[Snapshot]] = {}
        self._intervals: dict[str, float] = {}
        for source in sources:
            name = source.name
            if name in self._sources:
                raise ValueError(f"two sources are named {name!r}")
            interval = _interval_for(intervals, name)
            if interval <= 0:
                raise ValueError(f"interval for {name!r} must be > 0, got {interval}")
            self._sources[name] = source
            self._intervals[name] = interval
        self._timeout_s = timeout_s
        self._clock = clock
        self._on_reading = on_reading
        self._latest: dict[str, AnyReading] = {n: Reading(source=n) for n in self._sources}
        self._inflight: dict[str, asyncio.Task[AnyReading]] = {}
        self._wake: dict[str, asyncio.Event] = {}
        self._loops: dict[str, asyncio.Task[None]] = {}

    @property
    def latest(self) -> Mapping[str, AnyReading]:
        """The newest reading of every source (pending until its first poll), read-only."""
        return MappingProxyType(self._latest)

    @property
    def running(self) -> bool:
        return bool(self._loops)

    async def start(self) -> None:
        """Start one polling loop per source; the first poll of each happens at once."""
        if self._loops:
            return
        for name in self._sources:
            self._wake[name] = asyncio.Event()
            self._loops[name] = asyncio.create_task(self._loop(name), name=f"poll:{name}")

    async def run(self) -> None:
        """Poll until cancelled (as a Textual worker), then stop every loop cleanly."""
        await self.start()
        try:
            await asyncio.gather(*self._loops.values())
        finally:
            await self.stop()

    async def stop(self) -> None:
        """Cancel the loops and any poll in flight, and wait until they are all gone."""
        tasks: list[asyncio.Task[object]] = [*self._loops.values(), *self._inflight.values()]
        self._loops.clear()
        self._inflight.clear()
        self._wake.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def poll_once(self) -> dict[str, AnyReading]:
        """Poll every source once, concurrently, each under the timeout (``status``)."""
        names = list(self._sources)
        readings = await asyncio.gather(*(self._poll(name) for name in names))
        return dict(zip(names, readings, strict=True))

    def remember(self, name: str, snapshot: Snapshot, advanced: datetime | None = None
                 ) -> None:
        """Seed ``name``'s reading with what an earlier console recorded of it (kept apart
        from its own snapshots: see :attr:`Reading.remembered`) and when its position last
        advanced, if recorded; unknown names are ignored."""
        known = self._latest.get(name)
        if known is not None:  # ``advanced_at`` belongs to the snapshot last_known gives
            self._latest[name] = known.model_copy(update={"remembered": snapshot} | (
                {"advanced_at": advanced} if known.snapshot is None else {}))

    def refresh(self, name: str) -> None:
        """Ask for an immediate poll of ``name``; joins the poll in flight if there is one."""
        if name not in self._sources:
            raise KeyError(name)
        inflight = self._inflight.get(name)
        if inflight is not None and not inflight.done():
            return  # coalesced: the poll in flight is as fresh as a new one would be
        wake = self._wake.get(name)
        if wake is not None:
            wake.set()

    async def _loop(self, name: str) -> None:
        wake = self._wake[name]
        while True:
            wake.clear()
            await self._poll(name)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._intervals[name]):
                    await wake.wait()

    async def _poll(self, name: str) -> AnyReading:
        """Join the poll of ``name`` in flight, or start one: never two at once."""
        task = self._inflight.get(name)
        if task is None or task.done():
            task = asyncio.create_task(self._poll_source(name), name=f"poll-once:{name}")
            self._inflight[name] = task
        return await asyncio.shield(task)

    async def _poll_source(self, name: str) -> AnyReading:
        source = self._sources[name]
        error: str | None = None
        snapshot: Snapshot | None = None
        deadline = asyncio.timeout(self._timeout_s)
        try:
            async with deadline:
                snapshot = await source.poll()
        except TimeoutError as exc:  # ours, or one the source raised itself
            expired = deadline.expired()
            error = f"timeout after {self._timeout_s:g}s" if expired else describe_error(exc)
        except Exception as exc:  # a source's failure is data, not a crash
            error = describe_error(exc)
        previous = self._latest[name]
        reading: AnyReading = Reading(
            source=name,
            snapshot=snapshot if error is None else previous.snapshot,
            checked_at=self._clock.now(),
            error=error,
            remembered=previous.remembered,
            advanced_at=previous.advanced_at if error is not None
            else advanced_at(previous, snapshot),
        )
        self._publish(reading)
        return reading

    def _publish(self, reading: AnyReading) -> None:
        self._latest[reading.source] = reading
        try:
            self._on_reading(reading)
        except Exception:
            log.exception("on_reading failed for %s; polling continues", reading.source)


def _interval_for(intervals: Mapping[str, float] | Callable[[str], float], name: str) -> float:
    if isinstance(intervals, Mapping):
        if name not in intervals:
            raise ValueError(f"no poll interval configured for source {name!r}")
        return float(intervals[name])
    return float(intervals(name))
