"""Quantities in the console's words: bytes as ``12.3 MiB``, durations as ``7m12s``, the
same on every screen, in every check and in ``status``."""

from __future__ import annotations

from datetime import timedelta


def format_span(value: timedelta | float) -> str:
    """A duration as the console shows it: ``7m12s``, ``5m``, ``2h3m``, ``1d4h``, ``0s``.

    Two most significant units only: over SSH in 80x24, ``1d4h`` reads faster than
    ``1d4h12m9s`` and the precision lost does not change a decision.
    """
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    if seconds < 0:
        return "-" + format_span(-seconds)
    remaining = round(seconds)
    parts: list[str] = []
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        count, remaining = divmod(remaining, size)
        if count or parts:
            parts.append(f"{count}{unit}")
    parts = [p for p in parts[:2] if not p.startswith("0")]
    return "".join(parts) or "0s"


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
