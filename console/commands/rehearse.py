"""``recovery-console plan rehearse``: work a plan's runbook on the drill, as an operator would.

A plan defect (DNS moved before the database is promoted, a restore over a good standby)
should be found on a quiet afternoon, not at 3 a.m. The rehearsal plays the scenario on
the drill environment until the console sees the failure, declares a drill incident,
classifies it at the scenario's severity and works the checklist top to bottom through
the very session, action runner, gates and journal the TUI uses: every action confirmed
with no override, every check waited for, every wait on the drill clock (a frozen clock
moved by hand and polled every 15 simulated seconds, so a rehearsal takes seconds). It
stops at the first step that cannot pass without an override, and measures the
objectives with the judge.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from console.actions import Confirmation, Gate, OutcomeStatus, PlannedAction
from console.backends.drill_journal import ticket_event
from console.backends.monitor import Monitor
from console.commands.rehearse_model import MEASURED, Rehearsal, StepResult, Verdict
from console.commands.rehearse_rto import rto_results
from console.incident.context import SessionContext
from console.incident.disruption import Disruption, first_failure
from console.incident.session import CheckFailed, IncidentSession
from console.judge.model import ObjectiveStatus, Status
from console.judge.units import format_span
from services.clock import FrozenClock
from services.drill import DrillEnvironment

POLL = timedelta(seconds=15)
"""How often a running console polls (the drill sources' default refresh)."""
DETECT_WITHIN = timedelta(minutes=10)
"""How long after the scenario's last event the console may take to see a failure."""
CHECK_WAIT = timedelta(minutes=15)
"""How long the operator watches a failing check before calling for an override."""
DATA_MOVES = frozenset({"promote-postgres", "promote-redis", "restore-postgres", "test-restore"})
"""Action kinds after which the data that was not replicated is lost for good."""


async def rehearse(monitor: Monitor, env: DrillEnvironment, ctx: SessionContext,
                   severity: str, *, pace: timedelta = timedelta(seconds=30)) -> Rehearsal:
    """Walk the runbook for ``severity`` on ``env`` (on a :class:`FrozenClock`); ``pace``
    is the operator's time per step (reading, typing, talking)."""
    walk = _Walk(monitor, env, ctx, pace)
    try:
        return await walk.run(severity)
    finally:
        await monitor.stop()
        walk.session.close()


class _Walk:
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

    # -- the checklist -------------------------------------------------------------------
    async def run(self, severity: str) -> Rehearsal:
        seen = await self._detect()
        session = self.session
        name = self.env.scenario.name
        session.declare(f"Rehearsal: {name} at {severity}",
                        disruption_at=seen.at if seen else None,
                        disruption_source=seen.source if seen else "")
        self.monitor.disruption = lambda: session.state.rto_start
        await self._poll()
        session.classify(severity)
        steps: list[StepResult] = []
        while (step_id := session.state.next_step) is not None:
            steps.append(await self._step(step_id))
            if steps[-1].verdict is not Verdict.DONE:
                break
        state = session.state
        left = [s.id for s in state.steps() if not s.finished]
        not_reached = max(0, len(left) - (0 if not steps or steps[-1].verdict is Verdict.DONE
                                          else 1))
        final = self.monitor.live().verdicts
        if self.rpo is None:
            self.rpo = tuple(o for o in final.objectives if o.kind == "rpo")
            self.rpo_moment = f"at the end (T+{format_span(self.since_start())}): no data moved"
        rto = rto_results(state, session.ctx.plan, final, self.down, self.restored)
        if left:
            stop = steps[-1] if steps else None
            why = f"rehearsal stopped at {stop.step_id}: {stop.verdict}" if stop else "stopped"
            session.resolve(why, unfinished_reason=why)
        else:
            session.resolve("rehearsal complete: every step done with no override")
        disruption = state.disruption_at
        return Rehearsal(
            scenario=name, severity=severity, plan_id=session.ctx.plan.plan.id,
            incident_id=state.id, journal=str(session.path or ""),
            disruption_at=None if disruption is None else disruption - self.env.started_at,
            steps=tuple(steps), not_reached=not_reached, rto=rto, rpo=self.rpo,
            rpo_moment=self.rpo_moment)

    async def _confirm(self, planned: PlannedAction) -> Confirmation:
        """The operator confirms what the modal shows (typing the site's name where the
        modal asks for it) and never overrides a blocking gate."""
        self.blocking = planned.blocking
        typed = planned.site_name if planned.destructive and not planned.blocking else None
        return Confirmation(confirmed=True, typed_site=typed)

    async def _step(self, step_id: str) -> StepResult:
        session = self.session
        plan_step = session.plan_step(step_id)
        phase = next(p.id for p in session.state.phases for s in p.steps if s.id == step_id)

        def result(verdict: Verdict, detail: str) -> StepResult:
            return StepResult(phase, step_id, plan_step.title, verdict, detail,
                              self.since_start())

        await self._advance(self.pace)  # the operator reads the step, decides, types
        detail = ""
        if plan_step.action is not None:
            kind = plan_step.action.kind
            if kind in DATA_MOVES and self.rpo is None:
                self.rpo = tuple(o for o in self.monitor.live().verdicts.objectives
                                 if o.kind == "rpo")
                self.rpo_moment = (f"before {step_id} ({kind}) at "
                                   f"T+{format_span(self.since_start())}")
            self.blocking = ()
            outcome = await session.run_action(step_id, self._confirm)
            if outcome.status is not OutcomeStatus.SUCCEEDED:
                gates: tuple[Gate, ...] = self.blocking
                why = "; ".join(f"{g.name}: {g.message}" for g in gates)
                return result(Verdict.BLOCKED, why or outcome.detail)
            detail = outcome.detail
        if plan_step.check is not None:
            waited = timedelta(0)
            while (check := session.check(step_id)) is not None and check.ok is not True \
                    and waited < CHECK_WAIT:
                await self._advance(POLL)
                waited += POLL
        try:
            session.complete_step(step_id)
        except CheckFailed as exc:
            return result(Verdict.NEEDS_OVERRIDE, f"check: {exc.result.detail}")
        done = session.state.step(step_id)
        if done is not None and done.check is not None:
            detail = f"check: {done.check.detail}"
        return result(Verdict.DONE, detail.splitlines()[0] if detail else "")
