"""How step, check and action events move one step along: the fold's per-step half.

Done and skipped are terminal: once the journal says a step is finished, a later start or
failure for it is ignored with a warning instead of reopening it. That keeps a fold of any
prefix consistent with the fold of the whole journal (a step done stays done), which is
what lets a watcher trust what it showed a minute ago.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from console.incident.state import (
    FINISHED,
    ActionRecord,
    ActionStatus,
    CheckResult,
    StepState,
    StepStatus,
)
from console.journal.events import (
    ActionCancelled,
    ActionConfirmed,
    ActionFailed,
    ActionRequested,
    ActionSucceeded,
    ActionUnknown,
    CheckEvaluated,
    StepCompleted,
    StepFailed,
    StepSkipped,
    StepStarted,
)

StepEvent = StepStarted | StepCompleted | StepSkipped | StepFailed
ActionEvent = (ActionRequested | ActionConfirmed | ActionCancelled | ActionSucceeded
               | ActionFailed | ActionUnknown)
OPEN_ACTION = frozenset({ActionStatus.REQUESTED, ActionStatus.CONFIRMED})


@dataclass
class StepBuilder:
    """A step while the fold is running; frozen into a StepState at the end."""

    state: StepState
    actions: list[ActionRecord] = field(default_factory=list)

    def freeze(self) -> StepState:
        return replace(self.state, actions=tuple(self.actions))

    def apply_status(self, event: StepEvent) -> str | None:
        """Apply a status change; a warning if the step was already finished."""
        old = self.state
        if old.status in FINISHED:
            return (f"seq {event.seq}: {event.type} for step {old.id!r} ignored: "
                    f"it is already {old.status}")
        status, started, reason, override = old.status, old.started_at, None, None
        match event:
            case StepStarted():
                status, started = StepStatus.ACTIVE, old.started_at or event.at
            case StepCompleted():
                status, override = StepStatus.DONE, event.override_reason
            case StepSkipped():
                status, reason = StepStatus.SKIPPED, event.reason
            case StepFailed():
                status, reason = StepStatus.FAILED, event.reason
        ended = None if status is StepStatus.ACTIVE else event.at
        self.state = replace(old, status=status, started_at=started, ended_at=ended,
                             who=event.operator, reason=reason, override_reason=override)
        return None

    def apply_check(self, event: CheckEvaluated) -> None:
        self.state = replace(self.state, check=CheckResult(event.ok, event.detail, event.at))

    def apply_action(self, event: ActionEvent) -> None:
        """Requests start a new record; outcomes update the latest open one of that action."""
        if isinstance(event, ActionRequested):
            self.actions.append(ActionRecord(
                action=event.action, status=ActionStatus.REQUESTED, operator=event.operator,
                description=event.description, requested_at=event.at))
            return
        index = self._open_record(event.action)
        if index is None:  # an outcome without its request: keep it, as its own record
            self.actions.append(ActionRecord(action=event.action, status=ActionStatus.REQUESTED,
                                             operator=event.operator))
            index = len(self.actions) - 1
        record = self.actions[index]
        match event:
            case ActionConfirmed():
                record = replace(record, status=ActionStatus.CONFIRMED, confirmed_at=event.at)
            case ActionCancelled():
                record = replace(record, status=ActionStatus.CANCELLED, ended_at=event.at,
                                 reason=event.reason)
            case ActionSucceeded():
                record = replace(record, status=ActionStatus.SUCCEEDED, ended_at=event.at,
                                 output=event.output, duration_s=event.duration_s)
            case ActionFailed():
                record = replace(record, status=ActionStatus.FAILED, ended_at=event.at,
                                 error=event.error, duration_s=event.duration_s)
            case ActionUnknown():
                record = replace(record, status=ActionStatus.UNKNOWN, ended_at=event.at,
                                 error=event.error, duration_s=event.duration_s,
                                 interrupted=event.interrupted)
        self.actions[index] = record

    def _open_record(self, action: str) -> int | None:
        for index in range(len(self.actions) - 1, -1, -1):
            record = self.actions[index]
            if record.action == action and record.status in OPEN_ACTION:
                return index
        return None
