"""The console's modes and themes: plain enums, apart from the pydantic config models.

The TUI's first frame and its key checks need them before the configuration is loaded
(:mod:`console.config.models` builds every settings model when imported), so they live
where importing them costs nothing.
"""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    """How the console may act: a live incident, a drill, or watching only."""

    INCIDENT = "incident"
    DRILL = "drill"
    READ_ONLY = "read-only"


class ThemeName(StrEnum):
    DARK = "dark"
    LIGHT = "light"
    HIGH_CONTRAST = "high-contrast"
