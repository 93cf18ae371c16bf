"""A restarted console resumes exactly: same journal, same ``now`` -> same state and clocks."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from console.incident.clocks import compute_clocks
from console.incident.fold import fold
from console.journal.events import (
    ActionConfirmed,
    ActionRequested,
    CheckEvaluated,
    Note,
    StepCompleted,
    StepStarted,
)
from console.journal.write import Journal
from console.plan.model import Plan
from services.clock import FrozenClock
from tests.unit.incident.builders import classified, declared


def test_reopened_journal_folds_to_the_same_state_and_clocks(
        tmp_path: Path, plan: Plan, clock: FrozenClock) -> None:
    journal = Journal.create(tmp_path, "INC-20260101-0200-ab12", clock, "alice")
    for event in [declared(), classified("P1"), StepStarted(step="check-system-status"),
                  CheckEvaluated(step="check-system-status", ok=True, detail="503 on primary"),
                  StepCompleted(step="check-system-status"), StepStarted(step="check-connectivity"),
                  ActionRequested(step="check-connectivity", action="probe", description="ping"),
                  ActionConfirmed(step="check-connectivity", action="probe"),
                  Note(text="waiting on network team")]:
        clock.advance(timedelta(seconds=37))
        journal.append(event)
    now = clock.now() + timedelta(minutes=20)
    before = fold(plan, journal.events)
    clocks_before = compute_clocks(plan, before, now)
    journal.close()  # the SSH session drops

    resumed = Journal.open(journal.path, FrozenClock(now), "bob")
    after = fold(plan, resumed.events)
    assert after == before
    assert compute_clocks(plan, after, now) == clocks_before
    assert after.next_step == "check-connectivity"
    assert clocks_before.elapsed == timedelta(seconds=37 * 9 - 37, minutes=20)

    event = resumed.append(StepCompleted(step="check-connectivity"))
    assert (event.seq, event.operator, event.at) == (10, "bob", now)
    assert fold(plan, resumed.events).step("check-connectivity").status == "done"
    resumed.close()
