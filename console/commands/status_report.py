"""What ``recovery-console status`` prints: the dashboard's facts without a terminal UI.

A table for people, JSON for scripts and monitoring; both print the judge's verdicts
(sites, replication links, backup cells, objectives) exactly as the dashboard draws them.
The exit code is the verdict, so a cron job or a monitoring check can act on it: 0 every
monitored objective met, 1 any objective at risk or breached (the actionable case wins),
3 anything unknown or a source stale, and 2 (from the CLI) on bad input. Rows the plan
does not monitor and plan gaps (GAP: the plan itself cannot keep the target) do not fail
it: a healthy system exits 0.
With ``strict`` a plan gap fails too (1), after the live cases.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from console.commands.snapshot_summary import summarize
from console.commands.texttable import render_table
from console.judge.backup_trust import Trust
from console.judge.gaps import PlanGap
from console.judge.maintenance import TaskState, TaskStatus
from console.judge.objectives import ObjectiveStatus, Status
from console.judge.verdicts import Verdicts
from console.live.readings import Freshness, Reading
from console.plan.durations import format_duration
from services.models import Snapshot

EXIT_MET = 0
EXIT_NOT_MET = 1
EXIT_UNKNOWN = 3


def exit_code(objectives: tuple[ObjectiveStatus, ...],
              readings: Mapping[str, Reading[Snapshot]],
              gaps: Sequence[PlanGap] = (), *, strict: bool = False) -> int:
    statuses = {o.status for o in objectives}
    if statuses & {Status.AT_RISK, Status.BREACHED}:
        return EXIT_NOT_MET
    stale = any(r.freshness is not Freshness.FRESH for r in readings.values())
    if Status.UNKNOWN in statuses or stale or not readings:
        return EXIT_UNKNOWN
    if strict and gaps:
        return EXIT_NOT_MET
    return EXIT_MET


def render_text(header: str, verdicts: Verdicts, readings: Mapping[str, Reading[Snapshot]],
                gaps: Sequence[PlanGap] = ()) -> str:
    now = verdicts.at
    sources = render_table("Sources", ["source", "state", "age", "facts"], [
        (name, _state(r), _age(r, now), summarize(r.snapshot) if r.snapshot else "-")
        for name, r in sorted(readings.items())
    ])
    judged = render_table("Verdicts", ["what", "status", "why"], [
        *((f"site {s}", f"{v.state.value.upper()}", v.reason) for s, v in verdicts.sites.items()),
        ("postgres replication", verdicts.postgres.status.label, verdicts.postgres.reason),
        ("redis replication", verdicts.redis.status.label, verdicts.redis.reason),
        *((f"backup {c.component} @ {c.target}", c.short, c.reason)
          for c in verdicts.backups if c.status not in (None, Status.MET)),
        *_trust_rows(verdicts),
        *((v.what, v.status.label, v.reason) for v in verdicts.streams),
        *_maintenance_rows(verdicts),
    ])
    rows = render_table("Objectives", ["kind", "objective", "target", "status", "evidence"], [
        (o.kind.upper(), o.label, format_duration(o.target), o.status.label, o.evidence)
        for o in verdicts.objectives
    ])
    text = (f"{header}\nobserved at {now.isoformat(timespec='seconds')}\n\n{sources}\n"
            f"{judged}\n{rows}")
    if gaps:
        lines = "\n".join(f"  {g.describe()}" for g in gaps)
        text += f"\nPlan gaps ({len(gaps)}; they fail only with --strict):\n{lines}\n"
    return text


def render_json(meta: Mapping[str, Any], verdicts: Verdicts,
                readings: Mapping[str, Reading[Snapshot]], gaps: Sequence[PlanGap] = (),
                *, strict: bool = False) -> str:
    now = verdicts.at
    document = {
        **meta,
        "observed_at": now.isoformat(),
        "sources": {
            name: {
                "freshness": r.freshness.value,
                "error": r.error,
                "checked_at": r.checked_at.isoformat() if r.checked_at else None,
                "age_s": r.age_s(now),
                "snapshot": r.snapshot.model_dump(mode="json") if r.snapshot else None,
            }
            for name, r in sorted(readings.items())
        },
        "verdicts": {
            "sites": {s.value: v.model_dump(mode="json") for s, v in verdicts.sites.items()},
            "postgres": verdicts.postgres.model_dump(mode="json"),
            "redis": verdicts.redis.model_dump(mode="json"),
            "backups": [c.model_dump(mode="json") for c in verdicts.backups],
            "streams": [v.model_dump(mode="json") for v in verdicts.streams],
            "maintenance": None if verdicts.maintenance is None else {
                "overdue": [_task(t) for t in verdicts.overdue],
                "tasks": [_task(t) for t in verdicts.maintenance]},
        },
        "objectives": [
            {**o.model_dump(mode="json"), "target": format_duration(o.target)}
            for o in verdicts.objectives
        ],
        "plan_gaps": [g.model_dump(mode="json") for g in gaps],
        "strict": strict,
        "exit_code": exit_code(verdicts.objectives, readings, gaps, strict=strict),
    }
    return json.dumps(document, indent=2) + "\n"


def _state(reading: Reading[Snapshot]) -> str:
    if reading.freshness is Freshness.STALE:
        return f"STALE ({reading.error})"
    return reading.freshness.value.upper()


def _age(reading: Reading[Snapshot], now: datetime) -> str:
    age = reading.age_s(now)
    return "-" if age is None else f"{age:.0f}s"


def _trust_rows(verdicts: Verdicts) -> list[tuple[str, str, str]]:
    """One line on verification (the failed cells are listed above as BREACHED)."""
    judged = [c for c in verdicts.backups if c.trust is not None]
    if not judged:
        return []
    count = Counter(c.trust for c in judged)
    unverified = sorted({c.trust_reason for c in judged if c.trust is Trust.UNVERIFIED})
    why = f"{count[Trust.FAILED]} failed, {count[Trust.UNVERIFIED]} unverified"
    if len(unverified) == 1:
        why += f" ({unverified[0]})"
    return [("backup verification", f"{count[Trust.VERIFIED]}/{len(judged)} verified", why)]


def _maintenance_rows(verdicts: Verdicts) -> list[tuple[str, str, str]]:
    if verdicts.maintenance is None:
        return []
    late = verdicts.overdue
    due = [t for t in verdicts.maintenance if t.state is TaskState.DUE]
    names = ", ".join(t.task.id for t in late[:3]) + (" ..." if len(late) > 3 else "")
    return [("maintenance", f"{len(late)} OVERDUE" if late else "ok",
             f"{len(due)} due" + (f"; overdue: {names}" if late else ""))]


def _task(status: TaskStatus) -> dict[str, Any]:
    return {"id": status.task.id, "title": status.task.title, "state": status.state.value,
            "due_at": status.due_at.isoformat() if status.due_at else None,
            "last_done_at": status.last_done_at.isoformat() if status.last_done_at else None}
