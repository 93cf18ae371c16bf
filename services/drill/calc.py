"""Small pure helpers the simulator is built from: seeded noise, LSNs, time intervals.

Everything here is deterministic: the same seed and the same instants give the same
numbers, so two drill environments with one seed produce identical snapshots and a
snapshot test never flickers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

Interval = tuple[datetime, datetime | None]
"""A half-open span of time ``[start, end)``; ``end`` None means "still going on"."""

_POD_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
"""The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes)."""


def _digest(seed: int, parts: Iterable[object]) -> bytes:
    text = "\x1f".join([str(seed), *(str(part) for part in parts)])
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def unit(seed: int, *parts: object) -> float:
    """A number in ``[0, 1)`` fixed by the seed and the parts (hash-based, process-stable).

    ``random.Random`` would also be stable, but a hash needs no state: any value can be
    derived on its own, in any order, which is what lazy evaluation at poll time needs.
    """
    return int.from_bytes(_digest(seed, parts)[:8], "big") / 2**64


def token(seed: int, *parts: object, length: int = 5) -> str:
    """A Kubernetes-looking random suffix (``xk2p4``), fixed by the seed and the parts."""
    raw = _digest(seed, parts)
    return "".join(_POD_ALPHABET[b % len(_POD_ALPHABET)] for b in raw[:length])


def format_lsn(position: int) -> str:
    """PostgreSQL's LSN text form (``0/3000060``): high and low 32 bits, uppercase hex."""
    return f"{position >> 32:X}/{position & 0xFFFFFFFF:X}"


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Union of intervals, sorted and non-overlapping (touching spans are joined)."""
    merged: list[Interval] = []
    for start, end in sorted(intervals, key=lambda span: span[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end:
                new_end = None if last_end is None or end is None else max(last_end, end)
                merged[-1] = (last_start, new_end)
                continue
        merged.append((start, end))
    return merged


def overlap_seconds(intervals: Iterable[Interval], start: datetime, end: datetime) -> float:
    """Seconds of ``[start, end)`` covered by the union of ``intervals``."""
    total = 0.0
    for span_start, span_end in merge(intervals):
        lo = max(span_start, start)
        hi = end if span_end is None else min(span_end, end)
        if hi > lo:
            total += (hi - lo).total_seconds()
    return total


def span_at(intervals: Iterable[Interval], moment: datetime) -> Interval | None:
    """The merged interval containing ``moment``, if any: "since when has this been going on"."""
    for span_start, span_end in merge(intervals):
        if span_start <= moment and (span_end is None or moment < span_end):
            return span_start, span_end
    return None
