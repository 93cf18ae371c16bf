"""How a verdict looks: the judge's :class:`~console.judge.model.Status` -> a CSS class.

Screens decide nothing here: every status comes from :mod:`console.judge`; this module
only maps it to one of five classes (the TCSS picks colours from theme variables) and
holds the few formatting helpers that are about fitting text into a pane.
"""

from __future__ import annotations

from enum import StrEnum

from console.judge.model import Status


class Level(StrEnum):
    """The five looks a line can have."""

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

_STATUS_LEVELS: dict[str, Level] = {
    Status.MET: Level.OK,
    Status.AT_RISK: Level.AT_RISK,
    Status.BREACHED: Level.BREACHED,
    Status.UNKNOWN: Level.UNKNOWN,
}
"""Statuses not listed (not monitored, plan gaps) look neutral or as their own class."""

_ABBREVIATIONS = {"incremental": "incr", "configuration": "config", "application": "app",
                  "region-": "r", "azure": "az"}


def level_of(status: Status | None) -> Level:
    """The look of a judge's status; None (a neutral fact) is INFO."""
    if status is None:
        return Level.INFO
    return _STATUS_LEVELS.get(status, Level.INFO)


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


def abbreviate(text: str, width: int) -> str:
    """Shorten an id to ``width`` characters: known long words first, then an ellipsis."""
    for long, short in _ABBREVIATIONS.items():
        if len(text) <= width:
            break
        text = text.replace(long, short)
    return text if len(text) <= width else text[: width - 1] + "…"
