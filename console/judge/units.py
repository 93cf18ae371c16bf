"""Quantities in the console's words: bytes as ``12.3 MiB``, the same on every screen."""

from __future__ import annotations


def format_bytes(count: int | None) -> str:
    """``12_900_000`` -> ``12.3 MiB``; None -> ``?``."""
    if count is None:
        return "?"
    if abs(count) < 1024:
        return f"{count} B"
    value = float(count)
    for unit in ("KiB", "MiB", "GiB"):
        value /= 1024
        if abs(value) < 1024:
            return f"{value:.1f} {unit}"
    return f"{value / 1024:.1f} TiB"
