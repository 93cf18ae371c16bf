"""An incident as its journal holds it: read, folded, appended to, refused read-only.

The journal is the only state of an incident (:mod:`console.incident.session`): what the
session knows is the fold of its events, and every change is an event appended. This is
that plumbing, apart from the checklist's rules, so that the rules read as rules and the
one place that writes (:meth:`JournaledIncident._append`) refuses a watcher for them all.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from console.actions import CheckResult, evaluate_check
from console.incident.clocks import IncidentClocks, compute_clocks
from console.incident.context import SessionContext
from console.incident.fold import fold
from console.incident.state import IncidentState
from console.journal.events import Event
from console.journal.refusals import SessionRefused
from console.journal.write import Journal
from console.plan.runbook import Step

READ_ONLY_REASON = "read-only console: the incident can be watched, not changed"


class JournaledIncident:
    """The journal, its events and their fold; the guards every change goes through."""

    def __init__(self, ctx: SessionContext, journal: Journal | None, path: Path | None,
                 events: tuple[Event, ...], *, follower: bool = False) -> None:
        self.ctx = ctx
        self.path = path
        self._journal = journal
        self._events = list(events)
        self.follower = follower
        self._folded: tuple[int, IncidentState] | None = None

    @property
    def read_only(self) -> bool:
        return self.ctx.read_only or self.follower

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(self._events)

    @property
    def state(self) -> IncidentState:
        """The incident folded from the journal (cached until the next event)."""
        if self._folded is None or self._folded[0] != len(self._events):
            self._folded = (len(self._events), fold(self.ctx.plan, self._events))
        return self._folded[1]

    def clocks(self, now: datetime | None = None) -> IncidentClocks:
        return compute_clocks(self.ctx.plan, self.state,
                              now if now is not None else self.ctx.clock.now())

    def plan_step(self, step_id: str) -> Step:
        for _, step in self.ctx.plan.steps():
            if step.id == step_id:
                return step
        raise SessionRefused(f"step {step_id!r} is not in the plan")

    def check(self, step_id: str) -> CheckResult | None:
        """The step's check against the live readings now (not journaled); None if none."""
        step = self.plan_step(step_id)
        if step.check is None:
            return None
        return evaluate_check(step.check, self.ctx.readings(), self.ctx.clock.now(),
                              self.ctx.down_since())

    def apply(self, event: Event) -> bool:
        """A followed event (from another console); False if already known."""
        if event.seq <= len(self._events):
            return False
        self._events.append(event)
        return True

    def close(self) -> None:
        """Release the journal (and its single-writer lock)."""
        if self._journal is not None:
            self._journal.close()

    # -- internals ----------------------------------------------------------------------

    def _append(self, event: Event) -> Event:
        self._refuse_if_read_only()
        if self._journal is None:
            raise SessionRefused("no incident declared yet")
        stamped = self._journal.append(event)
        self._events.append(stamped)
        return stamped

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise SessionRefused(READ_ONLY_REASON)

    def _require_open(self, *, allow_resolved: bool = False) -> IncidentState:
        self._refuse_if_read_only()
        state = self.state
        if not state.id:
            raise SessionRefused("no incident declared yet")
        if state.resolved and not allow_resolved:
            raise SessionRefused("the incident is resolved")
        return state
