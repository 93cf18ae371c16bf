"""Plays: the document's recoveries (automated failover, manual failover, rollback) as an
ordered list of the runbook's own steps, run to the end by one command or one key.

A play names runbook steps rather than defining its own, so what it does is exactly what
the checklist would do step by step (same actions, same gates, same checks, the same
journal), and the checklist shows a play's progress as steps done. Its preconditions
refuse it before anything changes (a failover while the primary is healthy is not a
failover); its ``verify`` checks are what "done" means; ``alert`` is the plan's words
when it stops ("Failover failed").
"""

from __future__ import annotations

from pydantic import Field

from console.plan.base import Identifier, PlanModel, Site, Text
from console.plan.checks import Check


class Precondition(PlanModel):
    """A check that must hold (``expect = true``) or must not (``false``) to start."""

    check: Check
    expect: bool = True
    """False: the play starts only while this check does not hold (the primary's health
    fails, or cannot be seen)."""
    reason: Text
    """Said when the play is refused for it."""


class Play(PlanModel):
    id: Identifier
    title: Text
    section: str = ""
    """Where the plan document describes it."""
    target: Site
    """The site that serves when the play is done: the one whose name confirms it."""
    preconditions: tuple[Precondition, ...] = ()
    steps: tuple[Identifier, ...] = Field(min_length=1)
    """Runbook step ids, run in this order; each has an action or a check."""
    verify: tuple[Check, ...] = ()
    """What must hold at the end, besides the target site serving (the judge's verdict:
    DNS points at it, its health answers OK, its PostgreSQL takes writes)."""
    alert: Text = "Play failed"
    """The plan's alert when the play stops short (journaled and printed)."""
