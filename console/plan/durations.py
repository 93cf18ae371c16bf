"""Durations as the plan document writes them: ``30m``, ``4h``, ``7d``, ``1h30m``.

Plans are written by people, so a duration is a short string rather than a number of
seconds; it is parsed once, at load time, into a :class:`~datetime.timedelta` and written
back in the same compact form.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

_UNIT_SECONDS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+)([wdhms])")
_WHOLE = re.compile(r"(?:\d+[wdhms])+")
MAX_SECONDS = 100 * 365 * 86_400
"""No plan or config duration is longer than 100 years: a longer one is a typo, and
``99999999999999999d`` would overflow a timedelta."""


def parse_duration(text: str) -> timedelta:
    """Parse ``"1h30m"`` into a timedelta; raise ValueError with a readable reason."""
    cleaned = text.strip().replace(" ", "")
    if cleaned.startswith("-"):
        raise ValueError(f"duration {text!r} is negative; durations must be >= 0")
    if not _WHOLE.fullmatch(cleaned):
        raise ValueError(f"unparsable duration {text!r}; write it like 30s, 30m, 4h, 7d or 1h30m")
    if len(cleaned) > 40:
        raise ValueError(f"duration {text[:40]!r}... is too long to be a duration")
    seconds = sum(int(n) * _UNIT_SECONDS[unit] for n, unit in _PART.findall(cleaned))
    if seconds > MAX_SECONDS:
        raise ValueError(f"duration {text!r} is over 100 years; durations must be shorter")
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """Write a timedelta back compactly (``5400 s`` -> ``"1h30m"``, zero -> ``"0m"``)."""
    remaining = int(value.total_seconds())
    if remaining < 0:
        return "-" + format_duration(-value)
    if remaining == 0:
        return "0m"
    parts: list[str] = []
    for unit in ("d", "h", "m", "s"):
        count, remaining = divmod(remaining, _UNIT_SECONDS[unit])
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


def _coerce(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        if value < timedelta(0):
            raise ValueError("duration is negative; durations must be >= 0")
        if value > timedelta(seconds=MAX_SECONDS):
            raise ValueError("duration is over 100 years; durations must be shorter")
        return value
    if isinstance(value, str):
        return parse_duration(value)
    raise ValueError(f"expected a duration string like '30m' or '4h', got {type(value).__name__}")


Duration = Annotated[
    timedelta,
    BeforeValidator(_coerce),
    PlainSerializer(format_duration, return_type=str, when_used="json"),
]
"""A non-negative duration field, written ``30m``/``4h``/``7d`` in plan and config files."""
