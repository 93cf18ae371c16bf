"""When was service disrupted? The start of every RTO clock, proposed and typed.

The console proposes the first failure it observed (``DowntimeTracker.down_since``: the
earliest failing health or database source); the operator may replace it with a time of
their own (an alert that fired before the console was opened). Times are UTC on the
console's clock (simulated time in a drill), written ``HH:MM[:SS]`` (the latest such
moment not after now) or as a full ISO date and time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from console.judge.freshness import Readings
from console.judge.sites import dns_site

OPERATOR = "operator"
"""``disruption_source`` of a time the operator typed."""


@dataclass(frozen=True, slots=True)
class Disruption:
    at: datetime
    source: str
    """The source that failed first (``health/primary``), or :data:`OPERATOR`."""


def first_failure(down_since: Mapping[str, datetime], readings: Readings) -> Disruption | None:
    """The earliest outage start the console observed on the site serving users (the
    judge's :func:`~console.judge.sites.dns_site`), with the source that showed it. A
    standby's health answering 503 is how a standby looks, not a disruption."""
    site = dns_site(readings)
    failing = {name: at for name, at in down_since.items() if name.endswith(f"/{site}")}
    if not failing:
        return None
    source, at = min(failing.items(), key=lambda item: (item[1], item[0]))
    return Disruption(at, source)


def format_moment(at: datetime, now: datetime) -> str:
    """``02:14:05`` on the day of ``now``, else the full ``2026-01-01 02:14:05``: either
    form parses back to the same moment with :func:`parse_moment`."""
    at = at.astimezone(UTC)
    if at.date() == now.astimezone(UTC).date():
        return f"{at:%H:%M:%S}"
    return f"{at:%Y-%m-%d %H:%M:%S}"


def parse_moment(text: str, now: datetime) -> datetime:
    """A typed time -> an aware UTC datetime not after ``now``; ValueError saying why not."""
    text = text.strip()
    if not text:
        raise ValueError("no time given")
    try:
        moment = _parse(text, now)
    except ValueError:
        raise ValueError(f"{text!r} is not a time: write HH:MM[:SS] (UTC) or "
                         "YYYY-MM-DD HH:MM[:SS]") from None
    if moment > now:
        raise ValueError(f"{format_moment(moment, now)} is later than now "
                         f"({format_moment(now, now)} UTC)")
    return moment


def _parse(text: str, now: datetime) -> datetime:
    if len(text) <= len("HH:MM:SS"):
        parts = [int(p) for p in text.split(":")]
        if len(parts) not in (2, 3):
            raise ValueError(text)
        hour, minute, second = (*parts, 0)[:3]
        today = now.astimezone(UTC).replace(hour=hour, minute=minute, second=second,
                                           microsecond=0)
        return today if today <= now else today - timedelta(days=1)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def chosen(text: str, proposed: Disruption | None, now: datetime) -> Disruption | None:
    """What the operator's answer means: blank is "unknown" (the clocks then run from the
    declaration); the proposal unchanged keeps its source; anything else is theirs."""
    if not text.strip():
        return None
    moment = parse_moment(text, now)
    if proposed is not None and text.strip() == format_moment(proposed.at, now):
        return proposed
    return Disruption(moment, OPERATOR)
