"""The calendar folded from the maintenance journal: the judge's task verdicts at ``now``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from console.journal.events import Event, MaintenanceDone
from console.judge.maintenance import Done, TaskState, TaskStatus, judge_tasks, tasks
from console.maintenance.journal import read_events
from console.plan import Plan


def done_records(events: Iterable[Event]) -> list[Done]:
    """What completed tasks: operators' marks (by task id) and the console's own records."""
    found = []
    for event in events:
        if event.at is None:
            continue
        if isinstance(event, MaintenanceDone):
            found.append(Done(at=event.at, task=event.task, note=event.note))
        else:
            found.append(Done(at=event.at, event_type=event.type))
    return found


def calendar(plan: Plan, journal_dir: Path, now: datetime) -> tuple[TaskStatus, ...]:
    return judge_tasks(tasks(plan), done_records(read_events(journal_dir)), now)


def overdue(statuses: Iterable[TaskStatus]) -> list[TaskStatus]:
    return [s for s in statuses if s.state is TaskState.OVERDUE]
