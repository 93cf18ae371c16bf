"""``plan rehearse --play ID``: run one of the plan's plays on the drill, as ``F`` would.

A play (failover, rollback) is the runbook a tired operator will actually use; it deserves
the same afternoon test as the checklist. The rehearsal plays the scenario until the
console sees the failure, declares and classifies a drill incident as the runbook walk
does, then runs the play through :func:`~console.incident.play.run_play` — the session,
runner, gates and journal of the TUI's plays window — confirming each step with the target
site's name and never overriding. A play that moves service back to the primary (the
rollback) runs after the plan's failover play, as it would in real life; between the two
the drill clock runs on until the play may start (its preconditions hold and no gate that
protects data blocks: the scenario's primary-recovered phase), or gives up and reports the
play blocked. Each step is reported done or blocked, then the objectives as the runbook
walk reports them.
"""

from __future__ import annotations

from datetime import timedelta

from console.backends.monitor import Monitor
from console.commands.rehearse_model import Rehearsal, StepResult, Verdict
from console.commands.rehearse_walk import POLL, DrillWalk
from console.incident.context import SessionContext
from console.incident.play import PlayRefused, blocking_gates, refusal, run_play
from console.judge.units import format_span
from console.plan.plays import Play
from services.drill import DrillEnvironment
from services.models import Site

READY_WAIT = timedelta(hours=2)
"""How long the rehearsal lets drill time run for a play's preconditions to come true."""


def plays_to_rehearse(plays: tuple[Play, ...], play: Play) -> list[Play]:
    """``play``, after the first failover play when it moves service back to the primary."""
    if play.target is not Site.PRIMARY:
        return [play]
    before = next((p for p in plays if p.target is Site.DR), None)
    return [play] if before is None else [before, play]


async def rehearse_play(monitor: Monitor, env: DrillEnvironment, ctx: SessionContext,
                        severity: str, plays: list[Play], *,
                        pace: timedelta = timedelta(seconds=30)) -> Rehearsal:
    """Run ``plays`` in order in one drill incident at ``severity``; stop at the first that
    does not verify."""
    walk = _PlayWalk(monitor, env, ctx, pace)
    try:
        return await walk.run_plays(severity, plays)
    finally:
        await monitor.stop()
        walk.session.close()


class _PlayWalk(DrillWalk):
    async def run_plays(self, severity: str, plays: list[Play]) -> Rehearsal:
        await self._open(f"Rehearsal: play {plays[-1].id} on {self.env.scenario.name} "
                         f"at {severity}", severity)
        steps: list[StepResult] = []
        not_reached = 0
        for index, play in enumerate(plays):
            found = await self._play(play)
            steps += found
            if not found or found[-1].verdict is not Verdict.DONE:
                not_reached = sum(len(p.steps) for p in plays[index + 1:]) + \
                    max(0, len(play.steps) - len(found))
                break
        rehearsal = self._measure(severity, steps, not_reached)
        self.session.resolve(f"rehearsal of {', '.join(p.id for p in plays)}: "
                             + ("verified" if rehearsal.completed else "stopped"),
                             unfinished_reason="a play rehearsal runs the plays' steps only")
        return rehearsal

    async def _ready(self, play: Play) -> str | None:
        """Let drill time run until ``play`` may start; why not, if it never may."""
        deadline = self.since_start() + READY_WAIT
        while True:
            why = refusal(self.session, play)
            blocked = blocking_gates(self.session, play)
            if why is None and not blocked:
                return None
            if self.since_start() >= deadline:
                return why or "; ".join(blocked)
            await self._advance(POLL)

    async def _play(self, play: Play) -> list[StepResult]:
        """One play's steps as results: done ones in order, then the one it stopped at."""
        await self._advance(self.pace)  # the operator opens the window, types the name
        self._take_rpo(f"before play {play.id} at T+{format_span(self.since_start())}")
        waited = await self._ready(play)
        if waited is not None:
            return [self._result(play, play.steps[0], Verdict.BLOCKED, waited)]
        details: dict[str, str] = {}
        times: dict[str, timedelta] = {}

        def progress(line: str) -> None:
            step_id, _, said = line.partition(": ")
            if step_id not in play.steps:
                return
            if said == "done":
                times[step_id] = self.since_start()
            else:
                details[step_id] = said.splitlines()[0] if said else ""

        try:
            result = await run_play(self.session, play, self._confirm, progress=progress)
        except PlayRefused as exc:
            return [self._result(play, play.steps[0], Verdict.BLOCKED, str(exc))]
        found = [self._result(play, s, Verdict.DONE, details.get(s, ""), times.get(s))
                 for s in result.steps_done]
        if not result.verified:
            where = result.stopped_at or "verify"
            found.append(self._result(play, where, Verdict.BLOCKED, result.reason))
        return found

    def _result(self, play: Play, step_id: str, verdict: Verdict, detail: str,
                at: timedelta | None = None) -> StepResult:
        title = step_id if step_id not in play.steps else \
            self.session.plan_step(step_id).title
        return StepResult(play.id, step_id, title, verdict, detail,
                          self.since_start() if at is None else at)
