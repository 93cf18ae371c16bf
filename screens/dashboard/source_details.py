"""What an event log line links to: the source it is about, in words.

A site's cluster has its own details window (pods, warning events); a backup cell has its
reasons window. Every other source (a database node, a health endpoint, DNS) is shown as
its latest reading: whether it answers, how old its data is, its error, and the snapshot's
fields one per line (lists by count and their first items), all plain sanitised text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from console.live.readings import Reading
from screens.style import format_age
from services.sanitize import sanitize

MAX_ITEMS = 5
"""Items of a list shown (the rest counted)."""


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={_value(v)}" for k, v in value.items() if v not in (None, "", []))
    return str(value)


def _field_lines(name: str, value: Any) -> list[str]:
    if isinstance(value, list):
        lines = [f"{name}: {len(value)}"]
        lines += [f"  - {_value(item)}" for item in value[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            lines.append(f"  ... and {len(value) - MAX_ITEMS} more")
        return lines
    return [f"{name}: {_value(value)}"]


def reading_text(name: str, reading: Reading[Any] | None, now: datetime) -> str:
    """The reading of source ``name`` as lines of text (never markup)."""
    if reading is None:
        return f"{name}: no reading (not polled by this console)"
    lines = [f"answering: {reading.freshness.value}"]
    age = reading.age_s(now)
    lines.append(f"data observed: {format_age(age)} ago" if age is not None
                 else "data observed: never")
    if reading.error:
        lines.append(f"last error: {reading.error}")
    snap = reading.snapshot
    if snap is not None:
        lines.append("")
        for field, value in snap.model_dump(mode="json").items():
            if field != "observed_at" and value not in (None, "", []):
                lines += _field_lines(field, value)
    return "\n".join(sanitize(line, limit=300) for line in lines)
