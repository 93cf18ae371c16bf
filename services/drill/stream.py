"""A replicated, append-only log: PostgreSQL's WAL or Redis' replication stream.

Both are the same shape for the simulator: a writer appends at a constant rate while it
accepts writes, and a replica follows over a link, a little behind. When the link drops
the replica keeps what it had received (the in-flight bytes are lost), which is exactly
the data an operator gives up by failing over at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.drill.calc import Interval, overlap_seconds, span_at


@dataclass(frozen=True)
class ReplicatedStream:
    """Positions on the stream as pure functions of time."""

    origin: datetime
    """The drill start: the writer is at ``base`` then."""
    base: int
    rate_bytes_per_s: float
    steady_lag_bytes: int
    """How far the replica trails while streaming (what is in flight at any instant)."""
    writer_outages: tuple[Interval, ...]
    """When the writer accepts no writes (down, cut off, crash-looping)."""
    link_outages: tuple[Interval, ...]
    """When the replica receives nothing (any of the writer's outages, or its own)."""

    def writer_position(self, at: datetime) -> int:
        """Bytes written by ``at``: the rate times the time the writer was accepting writes."""
        if at <= self.origin:
            return self.base
        active = (at - self.origin).total_seconds()
        active -= overlap_seconds(self.writer_outages, self.origin, at)
        return self.base + int(self.rate_bytes_per_s * max(active, 0.0))

    def link_down_since(self, at: datetime) -> datetime | None:
        """Start of the link outage going on at ``at``, or None while streaming."""
        span = span_at(self.link_outages, at)
        return None if span is None else span[0]

    def replica_position(self, at: datetime) -> int:
        """What the replica holds: trailing the writer, or frozen at the link's drop."""
        since = self.link_down_since(at)
        reference = at if since is None else since
        return self.writer_position(reference) - self.steady_lag_bytes

    def promoted_position(
        self, promoted_at: datetime, at: datetime, outages: tuple[Interval, ...] = ()
    ) -> int:
        """A promoted replica's own position: what it held, plus its own writes since."""
        start = self.replica_position(promoted_at)
        if at <= promoted_at:
            return start
        active = (at - promoted_at).total_seconds()
        active -= overlap_seconds(outages, promoted_at, at)
        return start + int(self.rate_bytes_per_s * max(active, 0.0))
