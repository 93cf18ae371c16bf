"""Never lose track of an action: what a console that stopped mid-action left behind.

An action journaled as requested or confirmed, with no outcome after it, was cut off by a
killed console, a dropped SSH session or a crash. On resume it is settled in the journal,
not left "confirmed" forever: confirmed means the call may have gone out, so its outcome
is *unknown* (``ActionUnknown``, interrupted) and the step's check decides; requested only
means the operator never confirmed, so nothing was called (cancelled). A watcher, who may
not write, shows the same words. Before the step runs again its check is re-evaluated and
journaled, and the confirmation shows the earlier attempt.
"""

from __future__ import annotations

from collections.abc import Callable

from console.incident.state import ActionRecord, ActionStatus, IncidentState
from console.journal.events import ActionCancelled, ActionUnknown, Event

INTERRUPTED = "interrupted — outcome unknown"
UNKNOWN_ERROR = (f"{INTERRUPTED}: the console stopped between confirmation and result; "
                 "the call may have landed (the step's check decides)")
NOT_CONFIRMED = "interrupted before it was confirmed: nothing was called"


def dangling(state: IncidentState) -> list[tuple[str, ActionRecord]]:
    """(step id, record) of every action with no outcome, in plan order."""
    steps = [s for p in state.phases for s in p.steps] + list(state.unknown_steps)
    return [(s.id, a) for s in steps for a in s.actions
            if a.status in (ActionStatus.REQUESTED, ActionStatus.CONFIRMED)]


def settle(state: IncidentState, record: Callable[[Event], Event]) -> tuple[str, ...]:
    """Journal each dangling action's end (a resuming console only); what was said."""
    said = []
    for step_id, action in dangling(state):
        if action.status is ActionStatus.CONFIRMED:
            record(ActionUnknown(step=step_id, action=action.action, error=UNKNOWN_ERROR,
                                 interrupted=True))
            said.append(f"{step_id}: {action.action} {INTERRUPTED}")
        else:
            record(ActionCancelled(step=step_id, action=action.action, reason=NOT_CONFIRMED))
            said.append(f"{step_id}: {action.action} {NOT_CONFIRMED}")
    return tuple(said)


def shown(action: ActionRecord, writer_alive: bool) -> str:
    """How a watcher names an action's state: an open one whose writer has gone is
    interrupted, whatever the journal's last word."""
    if not writer_alive and action.status is ActionStatus.CONFIRMED:
        return INTERRUPTED
    if not writer_alive and action.status is ActionStatus.REQUESTED:
        return NOT_CONFIRMED
    return action.label


def earlier_attempt(actions: tuple[ActionRecord, ...]) -> str | None:
    """The step's last attempt, in a line, if it did not plainly succeed: shown before the
    action runs again (an unknown outcome must not be run twice blindly)."""
    if not actions:
        return None
    last = actions[-1]
    if last.status is ActionStatus.SUCCEEDED:
        return None
    when = last.confirmed_at or last.requested_at
    at = f" at {when:%H:%M:%S}" if when is not None else ""
    why = last.error or last.reason
    return f"earlier attempt{at} by {last.operator or '?'}: {last.action} {last.label}" + (
        f" ({why})" if why else "")
