"""The maintenance calendar's verdicts: which of the plan's recurring tasks are due.

The plan's maintenance list, backup verification routines and test schedule become
tasks with a cadence. A task is DONE until one cadence after it was last done, DUE from
then (or from the start, if it never was), OVERDUE once a further slack has passed
(the same slack a scheduled backup gets). Done-ness comes from the maintenance journal:
the console's own records (a verification completes the verification tasks, a test
restore the restore tasks) or an operator's "done, with a note". Folding the journal is
the caller's; the rule lives here so the screen, ``maintenance`` and ``status`` agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from console.judge.thresholds import SCHEDULE_SLACK_FRACTION
from console.judge.units import format_span
from console.live.maintenance import Done as Done
from console.plan import Plan

CADENCES = {"daily": timedelta(days=1), "weekly": timedelta(weeks=1),
            "monthly": timedelta(days=31), "quarterly": timedelta(days=92),
            "yearly": timedelta(days=366), "annually": timedelta(days=366)}
EVIDENCE: dict[str, tuple[str, ...]] = {
    "backups-verified": ("verif",),
    "restore-tested": ("restor",),
}
"""Journal event type -> words in a task's title that such an event completes."""


class TaskState(StrEnum):
    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"


class Task(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    title: str
    cadence: str
    source: str
    """Where the plan lists it: ``maintenance``, ``backup verification``, ``test schedule``."""

    @property
    def interval(self) -> timedelta:
        return CADENCES[self.cadence]


class TaskStatus(BaseModel):
    model_config = ConfigDict(frozen=True)
    task: Task
    state: TaskState
    due_at: datetime | None
    """None: never done, due now."""
    last_done_at: datetime | None = None
    last_note: str = ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def tasks(plan: Plan) -> tuple[Task, ...]:
    """Every recurring task the plan names, with a cadence the calendar knows."""
    found: dict[str, Task] = {}

    def add(cadence: str, title: str, source: str) -> None:
        cadence = cadence.strip().lower()
        if cadence in CADENCES:
            slug = _slug(title).removeprefix(f"{cadence}-")
            task = Task(id=f"{cadence}-{slug}", title=title, cadence=cadence,
                        source=source)
            found.setdefault(task.id, task)

    for group in plan.maintenance:
        for title in group.tasks:
            add(group.cadence, title, "maintenance")
    for routine in plan.backup_verification:
        add(routine.cadence, routine.title, "backup verification")
    for row in plan.test_schedule:
        add(row.frequency, f"{row.test_type}: {row.scope}", "test schedule")
    return tuple(found.values())


def completes(record: Done, task: Task) -> bool:
    if record.task is not None:
        return record.task == task.id
    words = EVIDENCE.get(record.event_type or "", ())
    return any(word in task.title.lower() for word in words)


def judge_tasks(all_tasks: Sequence[Task], records: Iterable[Done], now: datetime
                ) -> tuple[TaskStatus, ...]:
    """Each task's state at ``now``, most urgent first (overdue, due, then done)."""
    history = sorted(records, key=lambda r: r.at)
    out = []
    for task in all_tasks:
        last = next((r for r in reversed(history) if completes(r, task)), None)
        if last is None:
            out.append(TaskStatus(task=task, state=TaskState.DUE, due_at=None))
            continue
        due = last.at + task.interval
        late = due + task.interval * SCHEDULE_SLACK_FRACTION
        state = (TaskState.DONE if now < due else
                 TaskState.DUE if now < late else TaskState.OVERDUE)
        out.append(TaskStatus(task=task, state=state, due_at=due, last_done_at=last.at,
                              last_note=last.note))
    rank = {TaskState.OVERDUE: 0, TaskState.DUE: 1, TaskState.DONE: 2}
    return tuple(sorted(out, key=lambda s: rank[s.state]))


def when(status: TaskStatus, now: datetime) -> str:
    """``never done``, ``next due in 20h``, ``due 2d ago``: the calendar's one wording."""
    if status.due_at is None:
        return "never done"
    if status.state is TaskState.DONE:
        return f"next due in {format_span(status.due_at - now)}"
    return f"due {format_span(now - status.due_at)} ago"
