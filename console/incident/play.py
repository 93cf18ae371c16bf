"""Run a play to the end: preconditions, data gates up front, each step's action and check
in order, stop at the first failure with the plan's alert, then the last verification.

Everything goes through the incident session (same runner, gates, confirmation and
journal as the checklist's ``a`` key), so a play leaves the journal a reviewer expects:
every action with its result, every check, and notes saying where the play started,
stopped or was verified. Waits (a check that must come true, DR health after a promote)
run on the session's clock and sleep, so a drill waits drill time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from console.actions import CheckResult, GateLevel, OutcomeStatus, evaluate_check
from console.actions.runner import Confirm
from console.incident.session import IncidentSession, SessionRefused
from console.journal.events import Note
from console.judge.failover import GateFact, standby_in_sync
from console.judge.sites import SiteState, judge_site, redis_writable
from console.judge.units import format_span
from console.plan.actions import DemoteSite, RebuildStandby
from console.plan.plays import Play
from console.plan.runbook import Step
from services.models import Site

DEFAULT_WAIT = timedelta(minutes=5)
"""How long a step's check may take to come true when the plan gives no estimate."""
GATE_WAIT = timedelta(minutes=2)
"""How long a later step waits for its gates to clear (DR health after the promote)."""
POLL_S = 5.0
REBUILD_WAIT = timedelta(minutes=30)
"""How long a rebuilt standby may take to stream in sync (a re-clone copies the database)."""
DATA_GATED = ("promote-", "demote-")
"""Action kinds whose gates protect data: checked for the whole play before it starts."""

Progress = Callable[[str], None]


@dataclass
class PlayResult:
    """How a play ended: ``verified`` only when its last verification held."""

    play: str
    verified: bool = False
    stopped_at: str | None = None
    reason: str = ""
    steps_done: list[str] = field(default_factory=list)


class PlayRefused(SessionRefused):
    """The play will not start: read-only, a precondition, or a blocking data gate."""


def refusal(session: IncidentSession, play: Play) -> str | None:
    """Why ``play`` must not start now (nothing is journaled or changed), or None."""
    if session.read_only:
        return "read-only console: no play can run (nothing was changed)"
    ctx = session.ctx
    for pre in play.preconditions:
        got = evaluate_check(pre.check, ctx.readings(), ctx.clock.now(), ctx.down_since())
        holds = got.ok is True
        if holds is not pre.expect and not (pre.expect is False and got.ok is None):
            return f"precondition: {pre.reason} ({got.detail})"
    return None


def blocking_gates(session: IncidentSession, play: Play) -> list[str]:
    """The blocking gates of the play's promotions and fences, evaluated before anything
    runs: the gates that protect data must stop a failover (or a rollback) before its first
    change. A promotion's split-brain gate is left to its step when an earlier step of the
    play fences the other side (a rollback demotes DR first): the play itself removes it."""
    found, fenced = [], set()
    for step_id in play.steps:
        step = session.plan_step(step_id)
        if step.action is None or not step.action.kind.startswith(DATA_GATED):
            continue
        planned = session.plan_action(step_id)
        if isinstance(step.action, DemoteSite):
            fenced.add(step.action.site)
        found += [f"{step_id}: {g.name}: {g.message}" for g in planned.blocking
                  if not (g.name == "split-brain" and fenced
                          and planned.target_site not in fenced)]
    return found


async def run_play(session: IncidentSession, play: Play, confirm: Confirm, *,
                   override_reason: str | None = None, progress: Progress = lambda _: None,
                   refresh: Callable[[], None] = lambda: None) -> PlayResult:
    """Run ``play`` in ``session`` (declared, open); never raises for a step's failure."""
    why = refusal(session, play)
    if why is not None:
        raise PlayRefused(why)
    blocked = blocking_gates(session, play)
    if blocked and not (override_reason or "").strip():
        raise PlayRefused("refused by the gates that protect data (nothing was changed):\n  "
                          + "\n  ".join(blocked))
    result = PlayResult(play.id)
    session.note(f"play {play.id} started: {play.title} (target {play.target})")
    _open_phases(session, play)
    for step_id in play.steps:
        done = await _run_step(session, step_id, confirm, progress, refresh,
                               waited=bool(result.steps_done))
        if done is not None:
            return _stopped(session, play, result, step_id, done, progress)
        result.steps_done.append(step_id)
    verdict = await _verify(session, play, refresh)
    if not verdict.ok:
        return _stopped(session, play, result, "verify", verdict.detail, progress)
    result.verified = True
    session.note(f"play {play.id} verified: {verdict.detail}")
    progress(f"verified: {verdict.detail}")
    return result


def _open_phases(session: IncidentSession, play: Play) -> None:
    for phase, step in session.ctx.plan.steps():
        if step.id in play.steps and session.state.phase(phase.id) is None:
            session.open_phase(phase.id, f"play {play.id}")


async def _run_step(session: IncidentSession, step_id: str, confirm: Confirm,
                    progress: Progress, refresh: Callable[[], None], *,
                    waited: bool) -> str | None:
    """None when the step is done; otherwise why the play stops."""
    state = session.state.step(step_id)
    if state is not None and state.finished:
        progress(f"{step_id}: already {state.status}")
        return None
    step = session.plan_step(step_id)
    if step.action is not None:
        if waited:
            await _gates_clear(session, step_id, refresh)
        outcome = await session.run_action(step_id, confirm)
        progress(f"{step_id}: {outcome.action} {outcome.status.value}: "
                 f"{outcome.detail.splitlines()[0] if outcome.detail else ''}")
        if outcome.status in (OutcomeStatus.FAILED, OutcomeStatus.CANCELLED):
            return f"{outcome.action} {outcome.status.value}: {outcome.detail}"
        if outcome.status is OutcomeStatus.UNKNOWN and step.check is None:
            return f"{outcome.action}: outcome unknown and no check to decide it"
        refresh()
        if isinstance(step.action, RebuildStandby):
            synced = await _wait_in_sync(session, step.action.site, refresh)
            progress(f"{step_id}: {synced.message}")
            if synced.holds is not True:
                return f"rebuilt standby not in sync: {synced.message}"
    if step.check is not None:
        held = await _wait_check(session, step, refresh)
        if held.ok is not True:
            return f"check of {step_id} did not hold: {held.detail}"
    session.complete_step(step_id)
    progress(f"{step_id}: done")
    return None


async def _gates_clear(session: IncidentSession, step_id: str,
                       refresh: Callable[[], None]) -> None:
    """Give an earlier step's effect time to show (a promoted DR turning healthy)."""
    ctx = session.ctx
    deadline = ctx.clock.now() + GATE_WAIT
    while any(g.level is GateLevel.BLOCKING for g in session.plan_action(step_id).gates):
        if ctx.clock.now() >= deadline:
            return  # the runner refuses, journaled, and the play stops there
        refresh()
        await ctx.sleep(POLL_S)


async def _wait_in_sync(session: IncidentSession, site: Site,
                        refresh: Callable[[], None]) -> GateFact:
    """A rebuild returns once the copy started (the drill) or the command ended (the
    lab): protection is back only when the judge sees the rebuilt standby in sync."""
    ctx = session.ctx
    deadline = ctx.clock.now() + REBUILD_WAIT
    while True:
        fact = standby_in_sync(ctx.readings(), ctx.clock.now(), site,
                               ctx.policy.max_lag_bytes)
        if fact.holds is True or ctx.clock.now() >= deadline:
            return fact
        refresh()
        await ctx.sleep(POLL_S)


async def _wait_check(session: IncidentSession, step: Step,
                      refresh: Callable[[], None]) -> CheckResult:
    ctx = session.ctx
    limit = step.estimate or DEFAULT_WAIT
    deadline = ctx.clock.now() + limit
    while True:
        result = session.check(step.id)
        assert result is not None
        if result.ok is True or ctx.clock.now() >= deadline:
            return result
        refresh()
        await ctx.sleep(POLL_S)


async def _verify(session: IncidentSession, play: Play,
                  refresh: Callable[[], None]) -> CheckResult:
    """The target serves (DNS, health, writable PostgreSQL), Redis is a master there, and
    the play's own checks hold; waited for up to :data:`DEFAULT_WAIT` (DNS TTLs)."""
    ctx = session.ctx
    deadline = ctx.clock.now() + DEFAULT_WAIT
    while True:
        readings, now = ctx.readings(), ctx.clock.now()
        site = judge_site(readings, play.target, now)
        problems = [] if site.state is SiteState.SERVING else [f"{play.target} {site.reason}"]
        if redis_writable(readings, play.target) is not True:
            problems.append(f"redis/{play.target} is not a master")
        checks = [evaluate_check(c, readings, now, ctx.down_since()) for c in play.verify]
        problems += [c.detail for c in checks if c.ok is not True]
        if not problems:
            said = "; ".join([f"{play.target} serving: {site.reason}",
                              *(c.detail for c in checks)])
            return CheckResult(ok=True, detail=said)
        if now >= deadline:
            return CheckResult(ok=False, detail="; ".join(problems) +
                               f" (after {format_span(DEFAULT_WAIT)})")
        refresh()
        await ctx.sleep(POLL_S)


def _stopped(session: IncidentSession, play: Play, result: PlayResult, where: str,
             why: str, progress: Progress) -> PlayResult:
    result.stopped_at, result.reason = where, why
    text = f"{play.alert}: play {play.id} stopped at {where}: {why}"
    progress(f"ALERT {text}")
    try:
        session.record(Note(text=text))
    except SessionRefused as exc:  # the alert must still reach the operator
        progress(f"(alert not journaled: {exc})")
    return result
