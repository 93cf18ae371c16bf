"""Pydantic field types for text from outside: :func:`~services.sanitize.sanitize` applied
when a snapshot or record is built, so no later reader can forget it."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from services.sanitize import KEY_LIMIT, sanitize, sanitize_lines


def _outside(text: str) -> str:
    return sanitize(text)


def _outside_key(text: str) -> str:
    return sanitize(text, limit=KEY_LIMIT)


def _outside_long(text: str) -> str:
    return sanitize_lines(text)


OutsideText = Annotated[str, AfterValidator(_outside)]
"""A snapshot field holding one line from outside: sanitised when the model is built."""
OutsideKey = Annotated[str, AfterValidator(_outside_key)]
"""An object key or path from a store: up to 1024 characters (S3's own limit), sanitised."""
OutsideLines = Annotated[str, AfterValidator(_outside_long)]
"""A snapshot field holding multi-line outside text (an event message, an output excerpt)."""
