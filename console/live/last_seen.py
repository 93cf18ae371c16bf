"""The newest primary WAL position the console observed, kept across consoles.

The data-loss gate of a promotion needs the primary's position: what the standby has not
received is the loss. A console started *after* the primary died never saw it, and the
gate could only say "unknown" and ask for an override, on exactly the night it matters.
So the incident-mode monitor records, for each site, the newest position a writable
PostgreSQL reported and when (``journal_dir/last-seen.json``, written atomically: a
temporary file renamed over it), and a console starting later seeds its readings with it
(:attr:`console.live.readings.Reading.remembered`); the judge then states the exposure
as a lower bound with its age ("loses at least ~49 KiB; primary last seen 3m ago").
It records too when that position last advanced (``advanced_at``): the writes a failover
loses end there, so their span does not grow with the time the later console starts at.
A file without it (written before it existed) reads as before: the span runs to now.

The file is outside input when read back: at most :data:`MAX_BYTES`, each field checked
(an LSN's shape, a timeline's range, a time that is aware and not in the future, a short
sanitised node name); anything else is ignored, as if nothing had been recorded.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from services.models import PostgresRole, PostgresSnapshot, Site
from services.outside import OutsideText

FILE_NAME = "last-seen.json"
MAX_BYTES = 4096
"""A last-seen file holds two short records: anything bigger is not ours."""
REWRITE_EVERY = timedelta(seconds=5)
"""An unchanged position is rewritten this often: its *time* is what ages the bound."""
CLOCK_SKEW = timedelta(minutes=1)
"""A recorded time this far in the future is a broken clock or a forged file: ignored."""
LSN = re.compile(r"^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")


class Seen(BaseModel):
    """One site's writable PostgreSQL, as last observed."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    node: OutsideText = Field(max_length=200)
    timeline: int = Field(ge=1, le=2**31 - 1)
    current_lsn: str = Field(pattern=LSN.pattern)
    observed_at: AwareDatetime
    last_archived_at: AwareDatetime | None = None
    last_failed_at: AwareDatetime | None = None
    advanced_at: AwareDatetime | None = None

    def snapshot(self, site: Site) -> PostgresSnapshot:
        """The facts as a snapshot ``last_known`` can hand the judge."""
        return PostgresSnapshot(observed_at=self.observed_at, site=site, node=self.node,
                                role=PostgresRole.PRIMARY, in_recovery=False,
                                timeline=self.timeline, current_lsn=self.current_lsn,
                                last_archived_at=self.last_archived_at,
                                last_failed_at=self.last_failed_at)


class Remembered(NamedTuple):
    """One site's record: the snapshot, and when its position last advanced (None: the
    record does not say; a time after the observation is not believed either)."""

    snapshot: PostgresSnapshot
    advanced_at: datetime | None


def load(journal_dir: Path, now: datetime) -> dict[Site, Remembered]:
    """What an earlier console recorded, checked; empty when there is nothing usable."""
    try:
        with (journal_dir / FILE_NAME).open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        doc = json.loads(raw) if len(raw) <= MAX_BYTES else None
    except (OSError, ValueError):
        return {}
    found: dict[Site, Remembered] = {}
    records = doc.get("postgres") if isinstance(doc, dict) else None
    for site in Site:
        entry = records.get(site.value) if isinstance(records, dict) else None
        with contextlib.suppress(ValidationError, TypeError, ValueError):
            seen = Seen.model_validate(entry)
            if seen.observed_at <= now + CLOCK_SKEW:
                advanced = seen.advanced_at
                found[site] = Remembered(seen.snapshot(site), advanced if advanced is not None
                                         and advanced <= seen.observed_at else None)
    return found


class LastSeenRecorder:
    """Records each site's newest writable-primary position as the monitor sees it."""

    def __init__(self, journal_dir: Path, known: dict[Site, Remembered]) -> None:
        self._path = journal_dir / FILE_NAME
        self._records: dict[str, dict[str, Any]] = {
            site.value: _record(*seen) for site, seen in known.items()}
        self._written: dict[str, tuple[str, datetime]] = {}

    def observe(self, snapshot: object, advanced: datetime | None = None) -> None:
        """Keep ``snapshot`` if it is a writable primary's position, with when it last
        advanced (the reading's ``advanced_at``); write when it moved, or every
        :data:`REWRITE_EVERY`. A failed write is not the monitor's failure."""
        if not isinstance(snapshot, PostgresSnapshot) or snapshot.current_lsn is None \
                or snapshot.role is not PostgresRole.PRIMARY or snapshot.in_recovery:
            return
        site, lsn, at = snapshot.site.value, snapshot.current_lsn, snapshot.observed_at
        last = self._written.get(site)
        if last is not None and last[0] == lsn and at - last[1] < REWRITE_EVERY:
            return
        self._records[site] = _record(snapshot, advanced)
        with contextlib.suppress(OSError):
            self._write()
            self._written[site] = (lsn, at)

    def _write(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"postgres": self._records}) + "\n", encoding="utf-8")
        tmp.replace(self._path)


def _record(snap: PostgresSnapshot, advanced: datetime | None) -> dict[str, Any]:
    def iso(when: datetime | None) -> str | None:
        return when.isoformat() if when is not None else None

    return {"node": snap.node, "timeline": snap.timeline, "current_lsn": snap.current_lsn,
            "observed_at": iso(snap.observed_at),
            "last_archived_at": iso(snap.last_archived_at),
            "last_failed_at": iso(snap.last_failed_at), "advanced_at": iso(advanced)}
