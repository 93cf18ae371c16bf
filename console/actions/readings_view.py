"""Fresh-or-nothing access to readings, shared by checks and gates.

A check or a gate must never pass on old data: a stale reading keeps its last good
snapshot (for display), but here it only ever yields "unknown" with its age and error.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from console.judge.model import format_span, fresh_snapshot
from console.live.readings import Freshness, Reading
from services.models import Snapshot

Readings = Mapping[str, Reading[Any]]
S = TypeVar("S", bound=Snapshot)


def fresh(readings: Readings, name: str, kind: type[S]) -> S | None:
    """The snapshot of ``name`` if its last poll succeeded and it is a ``kind``; else None."""
    snapshot = fresh_snapshot(readings, name)
    return snapshot if isinstance(snapshot, kind) else None


def why_stale(readings: Readings, name: str, now: datetime) -> str:
    """Why ``name`` gives no fresh data: ``postgres/dr stale 1m10s: timeout after 4s``."""
    reading = readings.get(name)
    if reading is None:
        return f"{name} not configured"
    if reading.freshness is Freshness.PENDING:
        return f"{name} not polled yet"
    if reading.freshness is Freshness.FRESH:
        return f"{name} gave no usable data"
    age = reading.age_s(now)
    since = "with no good data yet" if age is None else format_span(age)
    return f"{name} stale {since}: {reading.error}"
