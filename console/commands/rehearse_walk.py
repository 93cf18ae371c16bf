"""What every ``plan rehearse`` walk shares: drill time, detection, declaration, measure.

The runbook walk (:mod:`console.commands.rehearse`) and the play walk
(:mod:`console.commands.rehearse_play`) differ only in what they work once the incident is
classified; the operator before that (sees the failure, declares, classifies) and the
judge after it (RTO, RPO) are the same, so they live here once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from console.actions import Confirmation, Gate, PlannedAction
from console.backends.drill_journal import ticket_event
from console.backends.monitor import Monitor
from console.commands.rehearse_model import MEASURED, Rehearsal, StepResult
from console.commands.rehearse_rto import rto_results
from console.incident.context import SessionContext
from console.incident.disruption import Disruption, first_failure
from console.incident.session import IncidentSession
from console.judge.model import ObjectiveStatus, Status
from console.judge.units import format_span
from services.clock import FrozenClock
from services.drill import DrillEnvironment

POLL = timedelta(seconds=15)
"""How often a running console polls (the drill sources' default refresh)."""
DETECT_WITHIN = timedelta(minutes=10)
"""How long after the scenario's last event the console may take to see a failure."""


class DrillWalk:
    """An operator at a console on the drill: drill time moved by hand, the sources polled
    as a running console would, the incident declared and measured; subclasses work it."""

    def __init__(self, monitor: Monitor, env: DrillEnvironment, ctx: SessionContext,
                 pace: timedelta) -> None:
        if not isinstance(env.clock, FrozenClock):
            raise TypeError("a rehearsal moves its drill clock by hand: give a FrozenClock")
        self.monitor, self.env, self.clock, self.pace = monitor, env, env.clock, pace
        self.session = IncidentSession.new(replace(ctx, sleep=self._sleep))
        self.down: set[str] = set()
        self.restored: dict[str, datetime] = {}
        self.rpo: tuple[ObjectiveStatus, ...] | None = None
        self.rpo_moment = ""
        self.blocking: tuple[Gate, ...] = ()
        """The blocking gates of the last confirmation asked for (what stopped it)."""
        env.on_action(lambda ticket: self.session.record_drill_action(ticket_event(ticket)))

    # -- drill time ----------------------------------------------------------------------
    def since_start(self) -> timedelta:
        return self.clock.now() - self.env.started_at

    async def _sleep(self, seconds: float) -> None:
        """What the action runner's waits sleep: drill time, never real time."""
        await self._advance(timedelta(seconds=seconds))

    async def _advance(self, span: timedelta) -> None:
        end = self.clock.now() + span
        while (left := end - self.clock.now()) > timedelta(0):
            self.clock.advance(min(POLL, left))
            await self._poll()

    async def _poll(self) -> None:
        """Poll every source once, and note when the judge sees each RTO row restored."""
        await self.monitor.poller.poll_once()
        if self.session.state.rto_start is None:
            return
        now = self.clock.now()
        for row in self.monitor.live().verdicts.objectives:
            if row.kind != "rto" or row.status is Status.NOT_MONITORED:
                continue
            if row.status not in MEASURED:
                self.down.add(row.id)
            elif row.id in self.down:
                self.restored.setdefault(row.id, now)

    async def _detect(self) -> Disruption | None:
        """Play the scenario until the console sees the first failure (or gives up)."""
        last = max((e.offset for e in self.env.scenario.events), default=timedelta(0))
        await self._poll()
        while (found := first_failure(self.monitor.downtime.down_since,
                                      self.monitor.poller.latest)) is None:
            if self.since_start() >= last + DETECT_WITHIN:
                return None
            await self._advance(POLL)
        return found

    # -- what every rehearsal shares -----------------------------------------------------
    async def _open(self, title: str, severity: str) -> None:
        """The prologue of every rehearsal (runbook or play): play the scenario until the
        console sees the failure, declare the drill incident from it as an operator would,
        then classify at ``severity``."""
        seen = await self._detect()
        session = self.session
        session.declare(title, disruption_at=seen.at if seen else None,
                        disruption_source=seen.source if seen else "")
        self.monitor.disruption = lambda: session.state.rto_start
        await self._poll()
        session.classify(severity)

    def _take_rpo(self, moment: str) -> None:
        """The judge's RPO rows now, unless already taken: the first data move fixes what
        the recovery loses, so later moments do not overwrite it."""
        if self.rpo is None:
            self.rpo = tuple(o for o in self.monitor.live().verdicts.objectives
                             if o.kind == "rpo")
            self.rpo_moment = moment

    def _measure(self, severity: str, steps: list[StepResult], not_reached: int, *,
                 end_note: str = "") -> Rehearsal:
        """The rehearsal's record, with the objectives as the judge sees them now (RPO too,
        if no data moved): taken before the incident is resolved."""
        session, state = self.session, self.session.state
        final = self.monitor.live().verdicts
        if self.rpo is None:
            self.rpo = tuple(o for o in final.objectives if o.kind == "rpo")
            self.rpo_moment = f"at the end (T+{format_span(self.since_start())}){end_note}"
        rto = rto_results(state, session.ctx.plan, final, self.down, self.restored)
        disruption = state.disruption_at
        return Rehearsal(
            scenario=self.env.scenario.name, severity=severity,
            plan_id=session.ctx.plan.plan.id, incident_id=state.id,
            journal=str(session.path or ""),
            disruption_at=None if disruption is None else disruption - self.env.started_at,
            steps=tuple(steps), not_reached=not_reached, rto=rto, rpo=self.rpo,
            rpo_moment=self.rpo_moment)

    async def _confirm(self, planned: PlannedAction) -> Confirmation:
        """The operator confirms what the modal shows (typing the site's name where the
        modal asks for it) and never overrides a blocking gate."""
        self.blocking = planned.blocking
        typed = planned.site_name if planned.destructive and not planned.blocking else None
        return Confirmation(confirmed=True, typed_site=typed)
