"""Event sequences over the default plan, for examples and Hypothesis strategies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from console.journal.events import (
    ActionCancelled,
    ActionConfirmed,
    ActionFailed,
    ActionRequested,
    ActionSucceeded,
    CheckEvaluated,
    Classified,
    CommsDrafted,
    Declared,
    Event,
    Note,
    PhaseCompleted,
    PhaseStarted,
    Resolved,
    ScenarioEvent,
    StepCompleted,
    StepFailed,
    StepSkipped,
    StepStarted,
)
from console.plan.loader import load_plan

DEFAULT_PLAN = load_plan()
START = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)
STEP_IDS = [step.id for _, step in DEFAULT_PLAN.steps()]
PHASE_IDS = [phase.id for phase in DEFAULT_PLAN.runbook.phases]


def stamped(events: Sequence[Event], start: datetime = START,
            gaps: Sequence[timedelta] | None = None) -> list[Event]:
    """Give events seq 1..n and increasing times (one minute apart unless ``gaps``)."""
    result: list[Event] = []
    at = start
    for index, event in enumerate(events):
        if index:
            at += gaps[index] if gaps is not None else timedelta(minutes=1)
        result.append(event.model_copy(update={"seq": index + 1, "at": at,
                                               "operator": event.operator or "alice"}))
    return result


def declared(drill: bool = False) -> Declared:
    return Declared(incident_id="INC-20260101-0200-ab12", title="Primary down", drill=drill,
                    plan_id=DEFAULT_PLAN.plan.id)


def classified(severity: str = "P1") -> Classified:
    level = next(c for c in DEFAULT_PLAN.classification if c.severity == severity)
    return Classified(severity=severity, response=level.response.value, phases=level.phases)


_step = st.sampled_from(STEP_IDS)
_phase = st.sampled_from(PHASE_IDS)
_text = st.text(alphabet="abcxyz \u00e9\u2603\"\\\n", min_size=1, max_size=12)
_action = st.sampled_from(["promote-postgres", "update-dns"])
_duration = st.floats(min_value=0, max_value=1e4, allow_nan=False)


def _action_events(step: str, action: str, outcome: int, text: str, d: float) -> list[Event]:
    events: list[Event] = [ActionRequested(step=step, action=action, description=text)]
    if outcome == 0:
        return [*events, ActionCancelled(step=step, action=action, reason=text)]
    events.append(ActionConfirmed(step=step, action=action))
    if outcome == 1:
        return [*events, ActionSucceeded(step=step, action=action, output=text, duration_s=d)]
    return [*events, ActionFailed(step=step, action=action, error=text, duration_s=d)]


def _whole_phase(phase_id: str) -> list[Event]:
    steps = DEFAULT_PLAN.phase(phase_id).steps
    return [e for s in steps for e in (StepStarted(step=s.id), StepCompleted(step=s.id))]


_body: st.SearchStrategy[list[Event]] = st.one_of(
    st.builds(_whole_phase, _phase),
    st.builds(lambda s: [StepStarted(step=s)], _step),
    st.builds(lambda s: [StepStarted(step=s), StepCompleted(step=s)], _step),
    st.builds(lambda s, r: [StepCompleted(step=s, override_reason=r)], _step,
              st.none() | _text),
    st.builds(lambda s, r: [StepSkipped(step=s, reason=r)], _step, _text),
    st.builds(lambda s, r: [StepFailed(step=s, reason=r)], _step, _text),
    st.builds(lambda s, ok, t: [CheckEvaluated(step=s, ok=ok, detail=t)], _step, st.booleans(),
              _text),
    st.builds(_action_events, _step, _action, st.integers(0, 2), _text, _duration),
    st.builds(lambda p: [PhaseStarted(phase=p)], _phase),
    st.builds(lambda p: [PhaseCompleted(phase=p)], _phase),
    st.builds(lambda t: [Note(text=t)], _text),
    st.builds(lambda t: [CommsDrafted(template="initial", body=t)], _text),
    st.builds(lambda t: [ScenarioEvent(name="primary-down", description=t)], _text),
    st.builds(lambda sev: [classified(sev)], st.sampled_from(["P1", "P2", "P3", "P4"])),
    st.builds(lambda: [Resolved(summary="done")]),
)


@st.composite
def journals(draw: st.DrawFn) -> list[Event]:
    """A declared, classified incident, then any mix of step, action and log events."""
    events: list[Event] = [declared(draw(st.booleans())), classified(draw(
        st.sampled_from(["P1", "P2", "P3", "P4"])))]
    for chunk in draw(st.lists(_body, max_size=40)):
        events.extend(chunk)
    operators = draw(st.lists(st.sampled_from(["alice", "bob"]), min_size=len(events),
                              max_size=len(events)))
    events = [e.model_copy(update={"operator": o}) for e, o in zip(events, operators,
                                                                   strict=True)]
    gaps = draw(st.lists(st.integers(0, 3600), min_size=len(events), max_size=len(events)))
    return stamped(events, gaps=[timedelta(seconds=g) for g in gaps])
