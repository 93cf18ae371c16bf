"""The daily backup verification's verdicts: is each component x store backup trustworthy?

A cell is VERIFIED only when its newest backup was downloaded and hashed to what its
manifest (and the store's own checksum) says, is no older than its schedule allows,
keeps as many generations as the schedule implies, holds nothing past retention and is
the same backup the other targets hold. FAILED lists every reason; UNVERIFIED means the
store could not be read (a reason, never a guess). The Backups pane, ``backups verify``,
the maintenance calendar and RPO evidence all read these verdicts; none re-derives them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from console.judge.retention import Kept, retention_findings
from console.judge.thresholds import BACKUP_SIZE_TOLERANCE, backup_max_age
from console.judge.units import format_bytes, format_span
from services.backups.manifest import data_name
from services.backups.verify_read import ComponentFacts, Generation


class Verification(StrEnum):
    VERIFIED = "verified"
    FAILED = "failed"
    UNVERIFIED = "unverified"
    """The store could not be read, or no store is configured for the target."""


class VerifiedCell(BaseModel):
    """One component in one store, as the verification found it."""

    model_config = ConfigDict(frozen=True)

    component: str
    target: str
    status: Verification
    reasons: tuple[str, ...] = ()
    newest_key: str | None = None
    newest_created_at: datetime | None = None
    sha256: str | None = None
    """The newest backup's identity: its manifest's SHA-256 (what was made), which the
    download was checked against; what every target must agree on."""
    downloaded_bytes: int = 0
    download_s: float = 0.0
    unreachable: bool = False
    manifest_checked: bool = False
    """The newest was compared with a manifest (an archive folder of raw WAL segments has
    none: it is not compared with the other targets' manifested copies)."""

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons) or "newest backup complete, on schedule, consistent"


def _newest_checks(facts: ComponentFacts, continuous: bool) -> list[str]:
    newest, read = facts.generations[0], facts.newest
    name = newest.key.rsplit("/", 1)[-1]
    found: list[str] = []
    later = [o for o in facts.orphans if _orphan_newer(o, newest)]
    if later:
        found.append(f"newest backup {data_name(later[0]).rsplit('/', 1)[-1]} is missing "
                     "(its manifest remains)")
    if newest.manifest is None:
        if not continuous:
            found.append(f"{name}: {newest.manifest_error or 'no manifest'}")
        return found
    if read is None or read.error or read.digests is None:
        found.append(f"{name}: download failed: {read.error if read else 'not read'}")
        return found
    got, want = read.digests, newest.manifest
    if got.size_bytes != want.size_bytes:
        found.append(f"{name}: {format_bytes(got.size_bytes)} downloaded, manifest says "
                     f"{format_bytes(want.size_bytes)} (truncated or replaced)")
    elif got.sha256 != want.sha256:
        found.append(f"{name}: SHA-256 {got.sha256[:12]}… differs from the manifest's "
                     f"{want.sha256[:12]}…")
    if read.store_md5 is not None and read.store_md5 != got.md5:
        found.append(f"{name}: the store's checksum {read.store_md5[:12]}… differs from the "
                     f"downloaded bytes' MD5 {got.md5[:12]}…")
    return found


def _orphan_newer(orphan: str, newest: Generation) -> bool:
    return data_name(orphan) > newest.key  # timestamped names sort by creation time


def _schedule_checks(gens: Sequence[Generation], interval: timedelta | None,
                     retention: timedelta | None, now: datetime) -> list[str]:
    found: list[str] = []
    newest = gens[0]
    age, limit = now - newest.created_at, backup_max_age(interval)
    if age > limit:
        found.append(f"newest is {format_span(age)} old > {format_span(limit)} its schedule "
                     "allows")
    previous = next((g for g in gens[1:] if g.manifest), None)
    if interval and newest.manifest and previous and previous.manifest:
        size, before = newest.manifest.size_bytes, previous.manifest.size_bytes
        if before and abs(size - before) > before * BACKUP_SIZE_TOLERANCE:
            found.append(f"size {format_bytes(size)} vs {format_bytes(before)} the generation "
                         f"before (more than {BACKUP_SIZE_TOLERANCE:.0%} apart)")
    if retention is None:
        return found
    within = [g.created_at for g in gens if g.created_at >= now - retention]
    past = [g.created_at for g in gens if g.created_at < now - retention]
    kept = Kept(len(within), max(within, default=None), min(within, default=None),
                len(past), min(past, default=None))
    return found + retention_findings(kept, interval, retention, now)


def judge_facts(facts: ComponentFacts, interval: timedelta | None,
                retention: timedelta | None, now: datetime) -> VerifiedCell:
    """The verdict on one store's copy of one component, before comparing targets."""
    cell = {"component": facts.component, "target": facts.target}
    if facts.error is not None:
        return VerifiedCell(**cell, status=Verification.UNVERIFIED, reasons=(facts.error,),
                            unreachable=facts.unreachable)
    if not facts.generations:
        return VerifiedCell(**cell, status=Verification.FAILED,
                            reasons=(f"no backup of {facts.component} in {facts.target}",))
    reasons = _newest_checks(facts, interval is None)
    reasons += _schedule_checks(facts.generations, interval, retention, now)
    newest, read = facts.generations[0], facts.newest
    digests = read.digests if read else None
    return VerifiedCell(
        **cell, status=Verification.FAILED if reasons else Verification.VERIFIED,
        reasons=tuple(reasons), newest_key=newest.key, newest_created_at=newest.created_at,
        sha256=newest.manifest.sha256 if newest.manifest else (
            digests.sha256 if digests else None),
        downloaded_bytes=digests.size_bytes if digests else 0,
        download_s=read.seconds if read else 0.0,
        manifest_checked=newest.manifest is not None)


def consistent(cells: Sequence[VerifiedCell]) -> list[VerifiedCell]:
    """Every target of one component must hold the newest backup (same name and SHA-256):
    the newest any target holds, and among equally new ones what most targets hold."""
    held = [c for c in cells if c.sha256 and c.newest_created_at and c.manifest_checked]
    if len(held) < 2:
        return list(cells)
    votes = Counter((c.newest_created_at, _name(c.newest_key), c.sha256) for c in held)
    best = max(votes, key=lambda k: (k[0], votes[k]))  # newest first, then most targets
    reference = next(c for c in held
                     if (c.newest_created_at, _name(c.newest_key), c.sha256) == best)
    out = []
    for cell in cells:
        if cell in held and (cell.sha256, _name(cell.newest_key)) != (
                reference.sha256, _name(reference.newest_key)):
            why = (f"holds {_name(cell.newest_key)}, not the newest {_name(reference.newest_key)}"
                   f" that {reference.target} holds")
            cell = cell.model_copy(update={"status": Verification.FAILED,
                                           "reasons": (*cell.reasons, why)})
        out.append(cell)
    return out


def _name(key: str | None) -> str:
    return (key or "?").rsplit("/", 1)[-1]
