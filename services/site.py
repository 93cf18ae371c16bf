"""The two sites, apart from the snapshot models (:mod:`services.models` re-exports it).

The plan names sites too, and reading a plan (``plan check``, ``plan show``) should not
build a dozen snapshot models it never uses.
"""

from __future__ import annotations

from enum import StrEnum


class Site(StrEnum):
    """The two sites: the primary and the disaster-recovery site."""

    PRIMARY = "primary"
    DR = "dr"
