"""What incidents a journal directory holds: the summaries behind ``incidents`` and resume.

Summaries are read from the journals themselves (no index file that could disagree with
them). A damaged journal is still listed, with its problem, rather than hiding it or
aborting the whole listing: at 3 a.m. the operator needs to see that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from console.errors import InputError
from console.journal.events import Classified, Declared, Resolved
from console.journal.read import read_journal

SUFFIX = ".jsonl"


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    """One journal at a glance."""

    id: str
    title: str
    declared_at: datetime | None
    drill: bool
    resolved: bool
    severity: str | None
    path: Path
    event_count: int
    problem: str | None = None
    """Why the journal could not be read (it is then neither resumable nor resolved)."""

    @property
    def is_open(self) -> bool:
        """Unresolved and readable: an incident the console can offer to resume."""
        return not self.resolved and self.problem is None


def summarize(path: Path) -> IncidentSummary:
    """Summarize one journal file; a damaged one gets ``problem`` instead of raising."""
    incident_id = path.name.removesuffix(SUFFIX)
    try:
        events = read_journal(path).events
    except InputError as exc:
        return IncidentSummary(incident_id, "", None, False, False, None, path, 0, str(exc))
    declared = next((e for e in events if isinstance(e, Declared)), None)
    severity = None
    for event in events:
        if isinstance(event, Classified):
            severity = event.severity  # a reclassification wins
    return IncidentSummary(
        id=incident_id,
        title=declared.title if declared else "",
        declared_at=declared.at if declared else None,
        drill=declared.drill if declared else False,
        resolved=any(isinstance(e, Resolved) for e in events),
        severity=severity,
        path=path,
        event_count=len(events),
    )


def list_incidents(journal_dir: Path) -> list[IncidentSummary]:
    """Every journal in ``journal_dir``, newest first; empty if the directory does not exist."""
    if not journal_dir.is_dir():
        return []
    summaries = [summarize(p) for p in journal_dir.glob(f"*{SUFFIX}") if p.is_file()]
    return sorted(summaries, key=_age_key, reverse=True)


def _age_key(summary: IncidentSummary) -> tuple[float, str]:
    """Declared time (file time for damaged journals); the id breaks ties."""
    when = summary.declared_at
    if when is None:
        when = datetime.fromtimestamp(summary.path.stat().st_mtime, UTC)
    return (when.timestamp(), summary.id)
