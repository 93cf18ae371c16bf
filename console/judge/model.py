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
    """How an objective (or any judged fact) stands right now."""

    MET = "met"
    AT_RISK = "at-risk"
    BREACHED = "breached"
    UNKNOWN = "unknown"
    """A source the measure needs failed, is stale or missing: a reason, never a guess."""
    NOT_MONITORED = "not-monitored"
    """The plan names no measure the console can take (``measure = "none"``)."""
    GAP = "gap"
    """A plan gap: the plan itself cannot meet the target (a schedule slower than its RPO,
    a runbook longer than its RTO) while the live measure is as good as the plan allows."""

    @property
    def label(self) -> str:
        """How people read it: ``AT RISK``, ``NOT MONITORED``."""
        return self.value.replace("-", " ").upper()


_SEVERITY = {Status.MET: 0, Status.GAP: 1, Status.AT_RISK: 2, Status.UNKNOWN: 3,
             Status.BREACHED: 4}
"""UNKNOWN ranks above AT_RISK: what we cannot see might already be breached, and it must
never let a combination look better than its parts; a known breach still wins. GAP is
worse than MET (the target cannot be kept) but asks nothing of the operator now.
NOT_MONITORED has no rank: it is neutral, neither better nor worse than a measurement."""


def worst(statuses: Iterable[Status]) -> Status:
    """The most severe measured status (BREACHED > UNKNOWN > AT_RISK > GAP > MET).

    NOT_MONITORED rows are left out, so they never hide or worsen a measured one; only
    NOT_MONITORED rows give NOT_MONITORED (never MET), and nothing at all gives UNKNOWN.
    """
    found = list(statuses)
    measured = [s for s in found if s is not Status.NOT_MONITORED]
    if measured:
        return max(measured, key=_SEVERITY.__getitem__)
    return Status.NOT_MONITORED if found else Status.UNKNOWN


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
    gap: str | None = None
    """The plan gap this row has, if any (``logs-archive runs every 1d, longer than RPO
    15m``): also listed by ``plan check``, and what ``status --strict`` fails on."""


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
