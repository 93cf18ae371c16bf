"""Who writes and who follows, over time: one replicated engine (PostgreSQL or Redis).

The scenario starts with the primary site writing and DR following it (the
:class:`~services.drill.stream.ReplicatedStream` of :mod:`services.drill.world`). The
operator's promotions, fences (demote-site), rebuilds (rebuild-standby) and the scenario's
recoveries then hand the writer role around. Each change opens a new *epoch*: a
:class:`Writer` starting from what it held (a promoted standby starts from what it had
received), a :class:`Follower` copying from a writer and then streaming from it, or a site
that is :class:`Down` (fenced). Positions stay pure functions of time, so a warped or
frozen clock needs no background task, and the scenario's first writer and standby keep
the stream's exact numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.drill.actions import CATCHUP_BYTES_PER_S
from services.drill.calc import Interval, overlap_seconds
from services.drill.stream import ReplicatedStream
from services.models import Site


@dataclass(eq=False)
class Writer:
    """A site accepting writes from ``since`` (until fenced: ``until``)."""

    site: Site
    since: datetime
    start: int
    timeline: int
    """Its timeline when it started writing (PostgreSQL: one more than its source's)."""
    origin: bool = False
    """The scenario's first writer: positions come from the stream."""
    until: datetime | None = None

    def active(self, at: datetime) -> bool:
        return self.until is None or at < self.until


@dataclass(eq=False)
class Follower:
    """A site following ``source``: copying from ``since``, streaming from ``ready_at``."""

    site: Site
    source: Writer
    since: datetime
    ready_at: datetime
    start: int
    """The source's position when the copy began: what the follower holds once ready."""
    how: str = "pg_basebackup"
    origin: bool = False
    """The scenario's first standby: positions come from the stream."""


@dataclass(eq=False)
class Down:
    """A site that is shut down: fenced by demote-site."""

    site: Site
    since: datetime
    reason: str = "fenced by demote-site"


State = Writer | Follower | Down


@dataclass(frozen=True)
class Change:
    """One step of the history: ``kind`` is promote, demote, rebuild or rejoin."""

    at: datetime
    kind: str
    site: Site
    ready_at: datetime | None = None
    """A rebuild's end of copy."""


def _other(site: Site) -> Site:
    return Site.DR if site is Site.PRIMARY else Site.PRIMARY


class History:
    """The states of both sites for one engine, as of ``now``."""

    def __init__(self, stream: ReplicatedStream, outages: Callable[[Site], tuple[Interval, ...]],
                 changes: Iterable[Change], now: datetime,
                 rejoin_copy: Callable[[int], timedelta]) -> None:
        """``rejoin_copy``: how long a rejoining site copies, given the bytes its peer
        wrote since it was promoted."""
        self.stream, self._outages, self.now = stream, outages, now
        first = Writer(Site.PRIMARY, stream.origin, stream.base, 1, origin=True)
        self.writers: list[Writer] = [first]
        """Every writer so far, in order (a fenced one keeps its ``until``)."""
        self.states: dict[Site, State] = {
            Site.PRIMARY: first,
            Site.DR: Follower(Site.DR, first, stream.origin, stream.origin,
                              stream.base - stream.steady_lag_bytes, origin=True)}
        for change in sorted(changes, key=lambda c: c.at):
            self._apply(change, rejoin_copy)

    # -- the changes -----------------------------------------------------------------------
    def _apply(self, change: Change, rejoin_copy: Callable[[int], timedelta]) -> None:
        site, at = change.site, change.at
        state, peer = self.states[site], self.states[_other(site)]
        if change.kind == "promote":
            if isinstance(state, Follower) and at >= state.ready_at:
                held = self.received(state, at)
                writer = Writer(site, at, held, state.source.timeline + 1)
                self.states[site] = writer
                self.writers.append(writer)
        elif change.kind == "demote":
            if isinstance(state, Writer):
                state.until = at
            self.states[site] = Down(site, at)
        elif change.kind == "rebuild" and isinstance(peer, Writer) and peer.active(at):
            if isinstance(state, Writer):
                state.until = at
            self.states[site] = Follower(site, peer, at, change.ready_at or at,
                                         self.position(peer, at))
        elif change.kind == "rejoin" and isinstance(state, Writer) and \
                isinstance(peer, Writer) and peer.active(at):
            state.until = at
            written = self.position(peer, at) - peer.start
            self.states[site] = Follower(site, peer, at, at + rejoin_copy(written),
                                         self.position(peer, at), how="pg_rewind")

    # -- positions -------------------------------------------------------------------------
    def position(self, writer: Writer, at: datetime) -> int:
        """Bytes ``writer`` has written by ``at`` (frozen once fenced)."""
        end = at if writer.until is None else min(at, writer.until)
        if writer.origin:
            return self.stream.writer_position(end)
        if end <= writer.since:
            return writer.start
        active = (end - writer.since).total_seconds()
        active -= overlap_seconds(self._outages(writer.site), writer.since, end)
        return writer.start + int(self.stream.rate_bytes_per_s * max(active, 0.0))

    def received(self, follower: Follower, at: datetime) -> int:
        """What ``follower`` holds at ``at``: its copy, then what it streamed. A clean
        shutdown of its source (demote-site) waits until it received every write."""
        source = follower.source
        if follower.origin:
            if source.until is not None and at >= source.until:
                if self.stream.link_down_since(source.until) is None:
                    return self.stream.writer_position(source.until)
                return self.stream.replica_position(source.until)
            return self.stream.replica_position(at)
        if at < follower.ready_at:
            return follower.start
        target = self.position(source, at)
        if source.active(at):
            target -= self.stream.steady_lag_bytes
        caught = follower.start + int(CATCHUP_BYTES_PER_S
                                      * (at - follower.ready_at).total_seconds())
        return max(follower.start, min(caught, target))

    def streaming(self, follower: Follower, at: datetime) -> bool:
        """Whether ``follower`` is receiving from a source that still writes."""
        if not follower.source.active(at):
            return False
        if follower.origin:
            return self.stream.link_down_since(at) is None
        return at >= follower.ready_at

    # -- questions -------------------------------------------------------------------------
    def state(self, site: Site) -> State:
        return self.states[site]

    def followers(self, writer: Writer) -> list[Follower]:
        """The sites following ``writer`` now (copying or streaming)."""
        return [s for s in self.states.values()
                if isinstance(s, Follower) and s.source is writer]
