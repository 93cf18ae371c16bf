"""Shared base for every plan model: frozen, and strict about unknown keys.

``extra="forbid"`` is what turns a typo in a hand-written plan (``retension = "7d"``) into
an error naming the field instead of a silently ignored line.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from services.site import Site

__all__ = ["Identifier", "Level", "PlanModel", "Site", "Text"]


class PlanModel(BaseModel):
    """Base of all plan models: immutable once loaded, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False,
                              allow_inf_nan=False)


Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=64)
]
"""A kebab-case id (``app-services``) used to cross-reference plan items."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Free text that must not be empty."""


class Level(StrEnum):
    """Likelihood or impact rating used by the risk tables."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"
