"""A report as data: what every format (Markdown, HTML, JSON) renders, nothing more.

Built once from the journal by :mod:`console.reports.build`, so the three formats cannot
disagree; every text in it is already sanitised and scrubbed of the config's secrets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Row:
    """One timeline entry: when, who, what kind, and the event in words."""

    seq: int
    at: datetime | None
    operator: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class ActionLine:
    step: str
    action: str
    status: str
    requested_at: datetime | None
    ended_at: datetime | None
    duration_s: float | None
    result: str


@dataclass(frozen=True, slots=True)
class Override:
    at: datetime | None
    operator: str
    what: str
    reason: str


@dataclass(frozen=True, slots=True)
class Result:
    """One objective measured against its target (a line of the DR test report)."""

    kind: str
    """``rto`` or ``rpo``."""
    objective: str
    label: str
    target: timedelta
    achieved: timedelta | None
    """RTO: disruption to service restored (the judge's first MET); RPO: exposure at
    failover. None when not measured."""
    passed: bool | None
    how: str
    """How it was measured, in words (the judge's evidence)."""
    steps_done: timedelta | None = None
    """RTO: disruption to the last runbook step counting against it (incident clocks)."""
    exposure: str = ""
    """RPO: the exposure at failover as the judge put it (``1.2 MiB / 40s``)."""


@dataclass(frozen=True, slots=True)
class Message:
    at: datetime | None
    template: str
    channel: str
    outcome: str
    """``drafted``, ``sent`` or ``failed``."""
    detail: str


@dataclass(frozen=True)
class Report:
    incident_id: str
    title: str
    drill: bool
    scenario: str | None
    plan: str
    severity: str
    status: str
    declared_at: datetime | None
    disruption_at: datetime | None
    disruption_source: str
    resolved_at: datetime | None
    duration: timedelta
    """Disruption to resolution (or to the report's time while open)."""
    operators: tuple[str, ...]
    summary: str
    timeline: tuple[Row, ...]
    actions: tuple[ActionLine, ...]
    overrides: tuple[Override, ...]
    results: tuple[Result, ...]
    messages: tuple[Message, ...]
    follow_ups: tuple[str, ...]
    notes: tuple[Row, ...]
    scope: str
    warnings: tuple[str, ...] = field(default=())
    """A torn last line, journal/plan mismatches: said in the report, not hidden."""
