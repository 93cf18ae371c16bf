"""Which backups can be trusted: the last recorded verification, applied to what is listed.

A listing proves a backup exists; only a verification (download, checksum, manifest)
proves it restores. The Backups pane marks each cell verified / unverified / failed from
the maintenance journal's last ``backups verify``, and RPO evidence counts verified
backups only. A verification speaks for the backup it checked: when the store's newest
is another (a newer run since), that newest is unverified until the next verification.

Where no maintenance journal is read (a drill's simulated stores) verification is not
monitored and the listing alone is judged, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from console.judge.freshness import Readings, usable, why_unusable
from console.judge.units import format_span
from console.live.maintenance import MAINTENANCE, MaintenanceSnapshot, VerifiedFact
from services.models import BackupEntry

NEVER = "never verified: run `recovery-console backups verify`"


class Trust(StrEnum):
    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    FAILED = "failed"

    @property
    def mark(self) -> str:
        """One character for a matrix cell."""
        return {Trust.VERIFIED: "✓", Trust.FAILED: "✗", Trust.UNVERIFIED: "?"}[self]


@dataclass(frozen=True)
class Verifications:
    """The last verification as the judge may use it; ``facts`` empty when none."""

    at: datetime | None
    facts: dict[tuple[str, str], VerifiedFact]
    why_none: str = ""
    """Why nothing can be trusted (journal unreadable, never verified), when so."""

    def fact(self, component: str, target: str) -> VerifiedFact | None:
        return self.facts.get((component, target))


def verifications(readings: Readings, now: datetime) -> Verifications | None:
    """The last verification, or None when the console reads no maintenance journal."""
    if MAINTENANCE not in readings:
        return None
    snap = usable(readings, MAINTENANCE, MaintenanceSnapshot)
    if snap is None:
        return Verifications(None, {}, f"verification unknown: "
                                       f"{why_unusable(readings, MAINTENANCE, now)}")
    if snap.verification is None:
        return Verifications(None, {}, NEVER)
    run = snap.verification
    return Verifications(run.at, {(c.component, c.target): c for c in run.cells})


def _name(key: str | None) -> str | None:
    return key.rsplit("/", 1)[-1] if key else None


def cell_trust(found: Verifications, component: str, target: str, entry: BackupEntry | None,
               now: datetime) -> tuple[Trust, str]:
    """The verification state of one cell's newest listed backup, and why."""
    fact = found.fact(component, target)
    if fact is None:
        return Trust.UNVERIFIED, found.why_none or (
            f"{component} in {target} was not part of the last verification")
    when = f"verification {format_span(now - found.at)} ago" if found.at else "verification"
    listed = _name(entry.latest_key) if entry is not None else None
    checked = _name(fact.newest_key)
    # Timestamped names sort by creation; a store dates objects by upload, so a listing's
    # "newest" may be an older generation copied late: only a later name is unverified.
    if listed is not None and checked is not None and listed > checked:
        return Trust.UNVERIFIED, (f"newest {listed} not verified yet (the last {when} "
                                  f"checked {checked}: {fact.status})")
    if fact.status == "verified":
        return Trust.VERIFIED, f"{when}: {fact.reason or 'verified'}"
    if fact.status == "failed":
        return Trust.FAILED, f"{when} failed: {fact.reason}"
    return Trust.UNVERIFIED, f"{when} could not read it: {fact.reason}"


def newest_verified(found: Verifications, components: set[str]
                    ) -> tuple[datetime, str, str] | None:
    """(created_at, component, target) of the newest verified backup of ``components``."""
    seen = [(at, f.component, f.target) for f in found.facts.values()
            for at in [f.newest_created_at]
            if at is not None and f.component in components and f.status == "verified"]
    return max(seen, default=None)
