"""Hypothesis: fold never raises, is deterministic, survives a round trip through the
journal file, agrees with its own prefixes, and its clocks never run backwards."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.incident.clocks import IncidentClocks, compute_clocks
from console.incident.fold import fold
from console.incident.state import FINISHED, PhaseStatus
from console.journal.events import Event, StepStarted
from console.journal.write import Journal, read_journal
from services.clock import FrozenClock
from tests.unit.incident.builders import DEFAULT_PLAN, START, journals

PROFILE = settings(max_examples=100, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])


@PROFILE
@given(journals())
def test_fold_never_raises_and_is_deterministic(events: list[Event]) -> None:
    state = fold(DEFAULT_PLAN, events)
    assert state.last_seq == len(events)
    assert fold(DEFAULT_PLAN, events) == state
    if state.current_phase is not None:
        current = state.phase(state.current_phase)
        assert current is not None and current.status is not PhaseStatus.COMPLETE


@PROFILE
@given(journals(), st.data())
def test_prefix_progress_is_never_undone(events: list[Event], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(events)))
    before, after = fold(DEFAULT_PLAN, events[:cut]), fold(DEFAULT_PLAN, events)
    for step in before.steps():
        if step.finished:
            later = after.step(step.id)
            assert later is not None and later.status == step.status
            assert later.ended_at == step.ended_at
    for phase in before.phases:
        # A reclassification may drop a phase nobody worked on; one with progress stays.
        worked_on = phase.status is PhaseStatus.COMPLETE or any(
            s.started_at is not None for s in phase.steps)
        if not worked_on:
            continue
        later_phase = after.phase(phase.id)
        assert later_phase is not None
        if phase.status is PhaseStatus.COMPLETE:
            assert later_phase.status is PhaseStatus.COMPLETE
    if before.resolved:
        assert after.resolved_at == before.resolved_at


def _values(clocks: IncidentClocks) -> list[timedelta]:
    return ([clocks.elapsed] + [o.spent for o in clocks.objectives]
            + [p.spent for p in clocks.phases] + [s.spent for s in clocks.steps])


@PROFILE
@given(journals(), st.lists(st.integers(-3600, 10 * 86400), min_size=2, max_size=8))
def test_clocks_never_run_backwards(events: list[Event], offsets: list[int]) -> None:
    state = fold(DEFAULT_PLAN, events)
    previous: IncidentClocks | None = None
    for offset in sorted(offsets):
        clocks = compute_clocks(DEFAULT_PLAN, state, START + timedelta(seconds=offset))
        assert all(v >= timedelta(0) for v in _values(clocks))
        if previous is not None:
            assert all(new >= old for new, old in zip(_values(clocks), _values(previous),
                                                       strict=True))
            for new_o, old_o in zip(clocks.objectives, previous.objectives, strict=True):
                assert new_o.remaining <= old_o.remaining
                assert _rank(new_o.level) >= _rank(old_o.level)
        previous = clocks


def _rank(level: str) -> int:
    return ["ok", "warning", "breached"].index(level)


@PROFILE
@given(journals())
def test_round_trip_through_the_journal_file(events: list[Event]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with Journal.create(Path(tmp), "INC-prop", FrozenClock(START), "alice") as journal:
            for event in events:
                journal.append(event.model_copy(update={"seq": 0}))
        read = read_journal(journal.path)
    assert read.torn is None
    assert list(read.events) == events
    assert fold(DEFAULT_PLAN, read.events) == fold(DEFAULT_PLAN, events)


@PROFILE
@given(journals())
def test_a_started_unfinished_step_is_active_or_failed(events: list[Event]) -> None:
    state = fold(DEFAULT_PLAN, events)
    started = {e.step for e in events if isinstance(e, StepStarted)}
    for step in state.steps():
        if step.id in started:
            assert step.status.value != "pending"
            assert step.started_at is not None or step.status in FINISHED
