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

from datetime import timedelta

from console.actions import Gate, OutcomeStatus
from console.backends.monitor import Monitor
from console.commands.rehearse_model import Rehearsal, StepResult, Verdict
from console.commands.rehearse_walk import POLL, DrillWalk
from console.incident.context import SessionContext
from console.incident.session import CheckFailed
from console.judge.units import format_span
from services.drill import DrillEnvironment

CHECK_WAIT = timedelta(minutes=15)
"""How long the operator watches a failing check before calling for an override."""
DATA_MOVES = frozenset({"promote-postgres", "promote-redis", "restore-postgres", "test-restore"})
"""Action kinds after which the data that was not replicated is lost for good."""


async def rehearse(monitor: Monitor, env: DrillEnvironment, ctx: SessionContext,
                   severity: str, *, pace: timedelta = timedelta(seconds=30)) -> Rehearsal:
    """Walk the runbook for ``severity`` on ``env`` (on a :class:`FrozenClock`); ``pace``
    is the operator's time per step (reading, typing, talking)."""
    walk = _RunbookWalk(monitor, env, ctx, pace)
    try:
        return await walk.run(severity)
    finally:
        await monitor.stop()
        walk.session.close()


class _RunbookWalk(DrillWalk):
    """The checklist top to bottom, stopping at the first step that needs an override."""

    async def run(self, severity: str) -> Rehearsal:
        session = self.session
        await self._open(f"Rehearsal: {self.env.scenario.name} at {severity}", severity)
        steps: list[StepResult] = []
        while (step_id := session.state.next_step) is not None:
            steps.append(await self._step(step_id))
            if steps[-1].verdict is not Verdict.DONE:
                break
        left = [s.id for s in session.state.steps() if not s.finished]
        not_reached = max(0, len(left) - (0 if not steps or steps[-1].verdict is Verdict.DONE
                                          else 1))
        rehearsal = self._measure(severity, steps, not_reached, end_note=": no data moved")
        if left:
            stop = steps[-1] if steps else None
            why = f"rehearsal stopped at {stop.step_id}: {stop.verdict}" if stop else "stopped"
            session.resolve(why, unfinished_reason=why)
        else:
            session.resolve("rehearsal complete: every step done with no override")
        return rehearsal

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
            if kind in DATA_MOVES:
                self._take_rpo(f"before {step_id} ({kind}) at "
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
