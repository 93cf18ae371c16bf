"""What the checklist does by itself after the operator moves: pure rules, no I/O.

The operator only says "done", "skipped" or "failed"; the journal must still say when each
phase and step *started*, or the clocks and the drill report would have nothing to
measure. So once a step is finished the next one is started, and once a phase has every
step done or skipped it is completed and the next open phase started. Deciding that from
the folded state (not from what the UI shows) keeps a resumed console doing exactly what
the first one would have.
"""

from __future__ import annotations

from collections.abc import Sequence

from console.incident.state import IncidentState, PhaseState, StepStatus
from console.journal.events import Event, PhaseCompleted, PhaseStarted, StepStarted


def follow_ups(state: IncidentState, journal: Sequence[Event]) -> list[Event]:
    """Events that bring ``state`` to its next resting point (possibly none).

    Completes every phase whose steps are all finished but that the journal has not
    closed, then starts the current phase and its next step if they are still pending.
    """
    events: list[Event] = []
    if state.resolved:
        return events
    closed = {e.phase for e in journal if isinstance(e, PhaseCompleted)}
    for phase in state.phases:
        if phase.known and phase.steps and phase.id not in closed \
                and all(s.finished for s in phase.steps):
            events.append(PhaseCompleted(phase=phase.id))
    current = state.phase(state.current_phase) if state.current_phase else None
    if current is None:
        return events
    if current.started_at is None:
        events.append(PhaseStarted(phase=current.id))
    step = next((s for s in current.steps if not s.finished), None)
    if step is not None and step.status is StepStatus.PENDING and not _any_active(current):
        events.append(StepStarted(step=step.id))
    return events


def _any_active(phase: PhaseState) -> bool:
    return any(s.status in (StepStatus.ACTIVE, StepStatus.FAILED) for s in phase.steps)
