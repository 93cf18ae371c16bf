"""``recovery-console maintenance``: due and overdue tasks; marking one done; tape handovers."""

from __future__ import annotations

import json
from datetime import datetime

from console.commands.texttable import render_table
from console.config.settings import Settings
from console.errors import InputError
from console.journal.events import MaintenanceDone, TapeHandover
from console.judge.maintenance import TaskState, TaskStatus, tasks, when
from console.maintenance.journal import record
from console.plan import Plan
from console.plan.backups import StoreKind


def render_calendar(statuses: tuple[TaskStatus, ...], now: datetime, *,
                    as_json: bool = False) -> str:
    if as_json:
        return json.dumps({"now": now.isoformat(), "tasks": [
            s.model_dump(mode="json") for s in statuses]}, indent=2) + "\n"
    rows = []
    for s in statuses:
        rows.append((s.state.value.upper(), s.task.cadence, s.task.id, when(s, now),
                     s.last_note))
    late = sum(s.state is TaskState.OVERDUE for s in statuses)
    due = sum(s.state is TaskState.DUE for s in statuses)
    return render_table("Maintenance calendar", ("state", "cadence", "task", "when", "note"),
                        rows) + f"{late} overdue, {due} due, {len(statuses) - late - due} done\n"


def mark_done(settings: Settings, plan: Plan, task_id: str, note: str) -> str:
    known = {t.id for t in tasks(plan)}
    if task_id not in known:
        raise InputError("command line", f"unknown task {task_id!r} (see `recovery-console "
                         "maintenance`)", field="task")
    record(settings.journal_dir, MaintenanceDone(task=task_id, note=note),
           operator=settings.operator)
    return f"{task_id}: done ({note})"


def record_tape_handover(settings: Settings, plan: Plan, target: str, at: datetime | None,
                         note: str) -> str:
    manual = {t.id for t in plan.backup_targets if t.store is StoreKind.TAPE}
    if target not in manual:
        raise InputError("command line", f"target {target!r} is not a manual store of the plan "
                         f"(manual: {', '.join(sorted(manual)) or 'none'})", field="--target")
    event = record(settings.journal_dir, TapeHandover(target=target, handed_over_at=at,
                                                       note=note), operator=settings.operator)
    return f"{target}: handover recorded at {(at or event.at)}"
