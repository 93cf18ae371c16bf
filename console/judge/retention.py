"""Retention, judged once: too few backups kept, or backups kept past retention.

``backups verify`` applies it to every generation's manifest; the Backups pane applies it
to the live listing (count and oldest within retention, count and oldest past it). Same
rule, same words, so a cell and a verification never disagree about one store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from console.judge.units import format_span


@dataclass(frozen=True)
class Kept:
    """What a store holds of one schedule, counted against its retention at ``now``."""

    within: int
    newest_within_at: datetime | None
    oldest_within_at: datetime | None
    past: int = 0
    oldest_past_at: datetime | None = None


def retention_findings(kept: Kept, interval: timedelta | None, retention: timedelta | None,
                       now: datetime) -> list[str]:
    """Too few within retention (fewer than the schedule implies over the span held), or
    anything older than retention plus one interval (pruning has stopped). No retention:
    nothing ages out, nothing to find."""
    if retention is None:
        return []
    found: list[str] = []
    first, last = kept.oldest_within_at, kept.newest_within_at
    if interval and kept.within and first is not None and last is not None:
        expected = int((last - first) / interval) + 1
        if kept.within < expected:
            found.append(f"{kept.within} backups within retention, the "
                         f"{format_span(interval)} schedule implies {expected} since "
                         f"{first:%Y-%m-%d}")
    slack = interval or timedelta(0)
    oldest = kept.oldest_past_at
    if kept.past and oldest is not None and oldest < now - retention - slack:
        found.append(f"{kept.past} past the {format_span(retention)} retention linger "
                     f"(oldest {format_span(now - oldest)} old)")
    return found
