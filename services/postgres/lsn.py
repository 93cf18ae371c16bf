"""PostgreSQL LSNs (``0/32001D8``) as integers, so byte distances can be computed anywhere.

The server computes a distance between two LSNs it holds (``pg_wal_lsn_diff``), but the
data an operator loses by failing over is the distance between LSNs read from *two*
servers (the primary's current position, the standby's received one), possibly at
different polls: only the console can subtract those. An LSN is a 64-bit WAL position
written as two hexadecimal 32-bit halves; anything else is refused, never guessed.
"""

from __future__ import annotations

import re

_LSN = re.compile(r"([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})")
_MAX = (1 << 64) - 1


def lsn_to_int(text: str) -> int:
    """The byte position of ``text`` (``"0/32001D8"`` -> 52429272); ValueError if malformed."""
    match = _LSN.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"not a PostgreSQL LSN: {text!r}")
    high, low = (int(part, 16) for part in match.groups())
    return (high << 32) | low


def int_to_lsn(position: int) -> str:
    """PostgreSQL's text form of a byte position (uppercase hex, as ``pg_lsn`` prints it)."""
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= _MAX:
        raise ValueError(f"not a WAL position: {position!r}")
    return f"{position >> 32:X}/{position & 0xFFFFFFFF:X}"
