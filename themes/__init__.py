"""The console's themes (dark, light, high-contrast) and its stylesheet.

State colours in the TCSS come only from the theme variables ``$success``, ``$warning``
and ``$error``, so switching theme can never turn a breached objective green.
"""

from __future__ import annotations

from pathlib import Path

from textual.theme import Theme

STYLESHEET = Path(__file__).with_name("console.tcss")
DASHBOARD_STYLESHEET = STYLESHEET.with_name("dashboard.tcss")
"""The dashboard's layout and state looks; the app loads it next to :data:`STYLESHEET`."""

DARK = Theme(
    name="rc-dark",
    primary="#4C9BE8",
    secondary="#2E5C8A",
    accent="#E8A33D",
    warning="#E8A33D",
    error="#E5484D",
    success="#46A758",
    foreground="#E0E0E0",
    background="#111418",
    surface="#1A1F26",
    panel="#232A33",
    dark=True,
)

LIGHT = Theme(
    name="rc-light",
    primary="#1F5FA8",
    secondary="#4A7DB8",
    accent="#9A5B00",
    warning="#9A5B00",
    error="#B3261E",
    success="#1E7B34",
    foreground="#1B1F24",
    background="#F7F8FA",
    surface="#FFFFFF",
    panel="#E6E9EE",
    dark=False,
)

HIGH_CONTRAST = Theme(
    name="rc-high-contrast",
    primary="#FFFFFF",
    secondary="#FFFF00",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF4040",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)

THEMES: dict[str, Theme] = {"dark": DARK, "light": LIGHT, "high-contrast": HIGH_CONTRAST}
"""Setting value -> Textual theme."""
