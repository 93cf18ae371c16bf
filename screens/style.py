"""Pure formatting and judging helpers for the dashboard panes (no Textual here).

Panes ask these functions what to say and how bad it is; the answer's CSS class is the
only way a colour reaches the screen, so a stale or pending reading can never be painted
green: :func:`stale_note` is checked first and forces :attr:`Level.UNKNOWN`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from console.live.readings import Freshness, Reading
from services.models import BackupEntry


class Level(StrEnum):
    """How a measured thing stands against its objective."""

    OK = "OK"
    AT_RISK = "AT RISK"
    BREACHED = "BREACHED"
    UNKNOWN = "UNKNOWN"
    INFO = "INFO"
    """Neutral facts (roles, targets a schedule does not use)."""


LEVEL_CLASSES: dict[Level, str] = {
    Level.OK: "-ok",
    Level.AT_RISK: "-warn",
    Level.BREACHED: "-bad",
    Level.UNKNOWN: "-unknown",
    Level.INFO: "-info",
}

CONTINUOUS_FRESH = timedelta(minutes=15)
"""A continuous stream (WAL, AOF) is fresh while its newest object is younger than this."""

RPO_AT_RISK_FRACTION = 0.5
"""Lag above this fraction of the RPO is AT RISK, at or above the RPO BREACHED."""

REDIS_AT_RISK_BYTES = 1024 * 1024
"""Redis reports lag in bytes only: above this the replica is AT RISK."""

_ABBREVIATIONS = {"incremental": "incr", "configuration": "config", "application": "app",
                  "region-": "r", "azure": "az"}


def level_class(level: Level) -> str:
    """The CSS class a pane puts on a line for ``level``."""
    return LEVEL_CLASSES[level]


def format_age(seconds: float | None) -> str:
    """``432`` -> ``"7m12s"``; two units at most, ``None`` -> ``"never"``."""
    if seconds is None:
        return "never"
    total = int(max(0.0, seconds))
    if total < 60:
        return f"{total}s"
    if total < 3600:
        return f"{total // 60}m{total % 60:02d}s"
    if total < 86_400:
        return f"{total // 3600}h{total % 3600 // 60:02d}m"
    return f"{total // 86_400}d{total % 86_400 // 3600:02d}h"


def format_age_short(seconds: float) -> str:
    """One unit, for cramped cells: ``"45s"``, ``"23m"``, ``"2h"``, ``"3d"``."""
    total = int(max(0.0, seconds))
    for unit, size in (("d", 86_400), ("h", 3600), ("m", 60)):
        if total >= size:
            return f"{total // size}{unit}"
    return f"{total}s"


def format_bytes(count: int | None) -> str:
    """``12_900_000`` -> ``"12.3 MiB"``; ``None`` -> ``"?"``."""
    if count is None:
        return "?"
    if abs(count) < 1024:
        return f"{count} B"
    value = float(count)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if abs(value) < 1024 or unit == "TiB":
            break
    return f"{value:.1f} {unit}"


def format_latency(ms: float | None) -> str:
    if ms is None:
        return "?ms"
    return f"{ms:.0f}ms" if ms < 1000 else f"{ms / 1000:.1f}s"


def abbreviate(text: str, width: int) -> str:
    """Shorten an id to ``width`` characters: known long words first, then an ellipsis."""
    for long, short in _ABBREVIATIONS.items():
        if len(text) <= width:
            break
        text = text.replace(long, short)
    return text if len(text) <= width else text[: width - 1] + "…"


def stale_note(reading: Reading[Any] | None, now: datetime) -> str | None:
    """Why ``reading`` cannot be trusted (``"stale 1m10s: timeout after 4s"``), or None."""
    if reading is None or reading.freshness is Freshness.PENDING:
        return "pending: no data yet"
    if reading.freshness is Freshness.STALE:
        age = reading.age_s(now)
        if age is None:
            return f"no data: {reading.error}"
        return f"stale {format_age(age)}: {reading.error}"
    return None


def rpo_level(lag_s: float | None, target: timedelta) -> Level:
    """Replication lag against an RPO: OK, AT RISK past half of it, BREACHED at it."""
    if lag_s is None:
        return Level.UNKNOWN
    target_s = target.total_seconds()
    if lag_s >= target_s and not (target_s == 0 and lag_s == 0):
        return Level.BREACHED
    if lag_s > target_s * RPO_AT_RISK_FRACTION:
        return Level.AT_RISK
    return Level.OK


def overdue_after(interval: timedelta | None) -> timedelta:
    """How old the newest backup may get: continuous 15 min, else interval + min(25%, 6h)."""
    if interval is None:
        return CONTINUOUS_FRESH
    return interval + min(interval / 4, timedelta(hours=6))


def backup_cell(entry: BackupEntry | None, interval: timedelta | None,
                now: datetime) -> tuple[str, Level]:
    """One matrix cell: ``("ok 23m", OK)``, ``("LATE 2h", BREACHED)``, ``("MISSING", ...)``."""
    if entry is not None and entry.error is not None:
        return "?", Level.UNKNOWN  # the store did not answer: unknown, not missing
    if entry is None or entry.latest_at is None:
        return "MISSING", Level.BREACHED
    age = max(0.0, (now - entry.latest_at).total_seconds())
    if age > overdue_after(interval).total_seconds():
        return f"LATE {format_age_short(age)}", Level.BREACHED
    return f"ok {format_age_short(age)}", Level.OK
