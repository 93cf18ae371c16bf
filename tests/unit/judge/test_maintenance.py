"""The calendar: due until done, done for one cadence, overdue after its slack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.judge.maintenance import Done, TaskState, judge_tasks, tasks
from console.plan import load_plan

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def _state(records: list[Done], task: str, now: datetime = NOW) -> TaskState:
    statuses = judge_tasks(tasks(load_plan(None)), records, now)
    return next(s.state for s in statuses if s.task.id == task)


def test_plan_tasks_have_ids_from_their_cadence_and_title() -> None:
    ids = {t.id for t in tasks(load_plan(None))}
    assert {"daily-verify-backup-integrity", "weekly-test-backup-restore",
            "quarterly-plan-update", "monthly-backup-test-backup-restore"} <= ids


def test_verification_completes_the_daily_task_for_one_day() -> None:
    task = "daily-verify-backup-integrity"
    assert _state([], task) is TaskState.DUE
    done = [Done(at=NOW - timedelta(hours=3), event_type="backups-verified")]
    assert _state(done, task) is TaskState.DONE
    assert _state(done, task, NOW + timedelta(hours=22)) is TaskState.DUE
    assert _state(done, task, NOW + timedelta(days=2)) is TaskState.OVERDUE


def test_operator_marks_a_task_done_by_id_only() -> None:
    done = [Done(at=NOW, task="quarterly-plan-update", note="reviewed with the team")]
    assert _state(done, "quarterly-plan-update") is TaskState.DONE
    assert _state(done, "quarterly-team-training") is TaskState.DUE


def test_a_test_restore_completes_the_restore_tasks() -> None:
    done = [Done(at=NOW, event_type="restore-tested")]
    assert _state(done, "weekly-test-backup-restore") is TaskState.DONE
    assert _state(done, "daily-verify-backup-integrity") is TaskState.DUE
