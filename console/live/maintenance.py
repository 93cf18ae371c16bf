"""The maintenance journal as a reading: the last verification, tape handovers, tasks done.

The Backups pane, the RPO rows and the maintenance calendar are verdicts on what the
maintenance journal records. The journal is polled like any other source (a file that
cannot be read is a stale reading with its reason, never an empty calendar), folded into
this snapshot of plain facts, and judged with the other readings in one ``judge_all``:
no screen reads the journal itself. The facts are copies of the journal's events, kept
here because the judge (below the journal) may not import them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.models import Snapshot

MAINTENANCE = "maintenance"
"""The source's name (its reading's key)."""


class VerifiedFact(BaseModel):
    """One component x store as the last ``backups verify`` left it."""

    model_config = ConfigDict(frozen=True)
    component: str
    target: str
    status: Literal["verified", "failed", "unverified"]
    reason: str = ""
    newest_key: str | None = None
    newest_created_at: datetime | None = None
    """When the verified backup was made (its manifest's time): what RPO evidence ages."""


class Verification(BaseModel):
    """The latest recorded verification run."""

    model_config = ConfigDict(frozen=True)
    at: datetime
    cells: tuple[VerifiedFact, ...] = ()


class Handover(BaseModel):
    """Backups handed to a manual store (tape) at ``at``."""

    model_config = ConfigDict(frozen=True)
    target: str
    at: datetime


class Done(BaseModel):
    """A record that completes calendar tasks: by id (operator) or by event type (the
    console's own records: a verification, a test restore)."""

    model_config = ConfigDict(frozen=True)
    at: datetime
    task: str | None = None
    event_type: str | None = None
    note: str = ""


class MaintenanceSnapshot(Snapshot):
    """What the maintenance journal says at ``observed_at``."""

    verification: Verification | None = None
    """None: no verification was ever recorded."""
    handovers: tuple[Handover, ...] = ()
    done: tuple[Done, ...] = ()
