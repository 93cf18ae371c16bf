"""What the CLI's incident commands need, without argparse: text out, paths out, errors in.

Kept apart from ``console.shell.cli`` so the CLI stays a thin layer and these stay testable as
plain functions; every failure is an InputError the CLI prints as one line (exit 2).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from console.commands.texttable import render_table
from console.errors import InputError
from console.incident.fold import fold
from console.journal.listing import IncidentSummary, list_incidents
from console.journal.read import read_journal
from console.journal.write import journal_path
from console.plan import Plan

HEADERS = ("ID", "DECLARED (UTC)", "KIND", "SEVERITY", "STATUS", "EVENTS", "TITLE")


def incidents_table(journal_dir: Path) -> str:
    """Every incident and drill in ``journal_dir``, newest first, as a plain-text table."""
    rows = [_row(s) for s in list_incidents(journal_dir)]
    return render_table(f"Incidents in {journal_dir}", HEADERS, rows)


list_incidents_text = incidents_table
"""The same, under the name the CLI wiring asked for."""


def open_incidents(journal_dir: Path) -> list[IncidentSummary]:
    """Unresolved, readable incidents, newest first: what the console offers to resume."""
    return [s for s in list_incidents(journal_dir) if s.is_open]


def resolve_incident_path(journal_dir: Path, incident_id: str | None) -> Path:
    """The journal of ``incident_id``, or of the newest open incident when it is None."""
    if incident_id is None:
        candidates = open_incidents(journal_dir)
        if not candidates:
            raise InputError(journal_dir, _nothing_to_resume(journal_dir))
        return candidates[0].path
    path = journal_path(journal_dir, incident_id)
    if not path.is_file():
        known = [s.id for s in list_incidents(journal_dir)][:5]
        hint = f" (newest: {', '.join(known)})" if known else " (no incidents recorded)"
        raise InputError(journal_dir, f"unknown incident {incident_id!r}{hint}")
    return path


def _nothing_to_resume(journal_dir: Path) -> str:
    """Why there is nothing to resume; an unreadable journal is named, never hidden: it
    may be the very incident the operator means."""
    broken = [s for s in list_incidents(journal_dir) if s.problem is not None]
    if not broken:
        return "no open incident to resume"
    first = broken[0]
    more = f" (and {len(broken) - 1} more unreadable)" if len(broken) > 1 else ""
    return (f"no readable open incident to resume; journal {first.path.name} is unreadable: "
            f"{first.problem}{more}")


def _row(summary: IncidentSummary) -> tuple[object, ...]:
    declared = (summary.declared_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
                if summary.declared_at is not None else None)
    status = ("unreadable" if summary.problem is not None
              else "resolved" if summary.resolved else "open")
    title = summary.problem if summary.problem is not None else summary.title
    return (summary.id, declared, "drill" if summary.drill else "incident", summary.severity,
            status, summary.event_count, title)


def open_incident_rto_start(plan: Plan, journal_dir: Path, *, drill: bool) -> datetime | None:
    """Where the newest open incident's RTO clocks start (its disruption), so ``status``
    counts them as the checklist does; None without one, or if its journal is unreadable.
    Only incidents of the same kind count: a drill's clock means nothing to a real site."""
    for summary in open_incidents(journal_dir):
        if summary.drill is drill:
            try:
                return fold(plan, read_journal(summary.path).events).rto_start
            except InputError:
                return None
    return None
