"""Can a source's data be used for a verdict, and the one way of saying why not.

Every verdict of the console starts here. A reading whose last poll failed keeps its last
good snapshot for display, but no verdict may rest on it: it yields "unknown" with the
age of what we last knew. The wording is the same on every screen, in every check and
gate, and in ``status`` (``postgres/dr stale 1m10s: timeout after 4s``), so an operator
never has to reconcile two descriptions of one outage.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from console.judge.units import format_span
from console.live.readings import Freshness, Reading
from services.models import Snapshot

Readings = Mapping[str, Reading[Any]]
"""Latest reading per source name (``postgres/dr``...), as the poller gives them."""

S = TypeVar("S", bound=Snapshot)


def usable(readings: Readings, name: str, kind: type[S]) -> S | None:
    """The snapshot of ``name`` if its last poll succeeded and it is a ``kind``; else None."""
    reading = readings.get(name)
    if reading is None or reading.freshness is not Freshness.FRESH:
        return None
    snapshot = reading.snapshot
    return snapshot if isinstance(snapshot, kind) else None


def fresh_snapshot(readings: Readings, name: str) -> Snapshot | None:
    """The snapshot of ``name`` if its last poll succeeded, whatever its kind; else None."""
    return usable(readings, name, Snapshot)


def staleness(reading: Reading[Any] | None, now: datetime) -> str | None:
    """Why ``reading`` cannot be trusted (``stale 1m10s: timeout after 4s``), or None."""
    if reading is None:
        return "not configured"
    if reading.freshness is Freshness.PENDING:
        return "pending: not polled yet"
    if reading.freshness is Freshness.FRESH:
        return None if reading.snapshot is not None else "no data"
    age = reading.age_s(now)
    if age is None:
        return f"no data: {reading.error}"
    return f"stale {format_span(age)}: {reading.error}"


def why_unusable(readings: Readings, name: str, now: datetime) -> str:
    """``name`` and why it gives no usable data: ``postgres/dr stale 1m10s: timeout``."""
    return f"{name} {staleness(readings.get(name), now) or 'gave no usable data'}"


def last_known(readings: Readings, name: str, kind: type[S]) -> S | None:
    """The last good snapshot of ``name``, fresh or not: for facts that stay true
    after a source goes dark, such as the last WAL position a primary reported. When this
    console never got one, what an earlier console recorded (``Reading.remembered``, with
    its own ``observed_at``: the age a verdict states)."""
    reading = readings.get(name)
    snapshot = reading.snapshot if reading is not None else None
    if snapshot is None and reading is not None:
        snapshot = reading.remembered
    return snapshot if isinstance(snapshot, kind) else None
