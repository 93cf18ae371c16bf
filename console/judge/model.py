"""The verdict on one objective, and the small helpers every rule shares.

Kept apart from the rules so panes, reports and the ``status`` command can import the
model without pulling in the evaluation logic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from console.live.readings import Freshness, Reading
from services.models import Snapshot

Readings = Mapping[str, Reading[Any]]
"""Latest reading per source name (``postgres/dr``...), as ``Poller.latest`` gives them."""


class Status(StrEnum):
    """How an objective stands right now."""

    MET = "met"
    AT_RISK = "at-risk"
    BREACHED = "breached"
    UNKNOWN = "unknown"


_SEVERITY = {Status.MET: 0, Status.AT_RISK: 1, Status.UNKNOWN: 2, Status.BREACHED: 3}
"""UNKNOWN ranks above AT_RISK: what we cannot see might already be breached, and it must
never let a combination look better than its parts; a known breach still wins."""


def worst(statuses: Iterable[Status]) -> Status:
    """The most severe status (BREACHED > UNKNOWN > AT_RISK > MET); UNKNOWN if empty."""
    found = list(statuses)
    if not found:
        return Status.UNKNOWN
    return max(found, key=_SEVERITY.__getitem__)


class ObjectiveStatus(BaseModel):
    """One RTO, RPO or SLA row measured against live readings."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["rto", "rpo", "sla"]
    id: str
    label: str
    target: timedelta
    """The RTO/RPO target; for an SLA row, its recovery time."""
    status: Status
    evidence: str
    """Why, in the operator's words: ``standby lag 7m12s > RPO 5m``."""


def format_span(value: timedelta | float) -> str:
    """A duration as the console shows it: ``7m12s``, ``5m``, ``2h3m``, ``1d4h``, ``0s``.

    Two most significant units only: over SSH in 80x24, ``1d4h`` reads faster than
    ``1d4h12m9s`` and the precision lost does not change a decision.
    """
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    if seconds < 0:
        return "-" + format_span(-seconds)
    remaining = round(seconds)
    parts: list[str] = []
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        count, remaining = divmod(remaining, size)
        if count or parts:
            parts.append(f"{count}{unit}")
    parts = [p for p in parts[:2] if not p.startswith("0")]
    return "".join(parts) or "0s"


def grade(value: timedelta, target: timedelta) -> Status:
    """Lag or age against a target: MET up to half of it, AT_RISK up to it, then BREACHED.

    The half-way mark gives the operator warning before the objective is lost, not after.
    """
    if value <= target / 2:
        return Status.MET
    return Status.AT_RISK if value <= target else Status.BREACHED


def fresh_snapshot(readings: Readings, name: str) -> Snapshot | None:
    """The snapshot of ``name`` if its last poll succeeded, else None."""
    reading = readings.get(name)
    if reading is None or reading.freshness is not Freshness.FRESH:
        return None
    return reading.snapshot


def why_unusable(readings: Readings, name: str, now: datetime) -> str:
    """Why ``name`` gives no fresh data, with the age of what we last knew."""
    reading = readings.get(name)
    if reading is None:
        return f"{name}: no such source configured"
    if reading.freshness is Freshness.PENDING:
        return f"{name}: not polled yet"
    if reading.error is None:
        return f"{name}: no data"
    age = reading.age_s(now)
    last = "no good data yet" if age is None else f"last good data {format_span(age)} old"
    return f"{name}: {reading.error}; {last}"
