"""The headless side of the plays: build the runtime, poll, run one play in an incident,
print its progress, and exit 0 only when its last verification holds.

Without ``--confirm SITE`` nothing is journaled or changed: the command prints what would
run and what stands in the way, so a script (or a nervous operator) can look first. A
read-only console refuses at once. The play is journaled in the open incident of this
console's kind, or in a new one it declares, so the checklist, ``report`` and ``resume``
see every action it took. A drill console carries on its open drill incident: the drill
is rebuilt from that journal, and the play's drill actions are journaled into it.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from console.actions import Confirmation, PlannedAction
from console.backends.drill_journal import ticket_event
from console.backends.monitor import Monitor
from console.commands.incidents import open_incidents
from console.config.models import Mode
from console.config.settings import Settings
from console.errors import InputError
from console.incident.context import SessionContext
from console.incident.play import PlayRefused, blocking_gates, refusal, run_play
from console.incident.session import IncidentSession, SessionRefused
from console.plan import Plan
from console.plan.plays import Play
from services.drill import DrillEnvironment

EXIT_OK, EXIT_FAILED = 0, 1


def out(text: str, *, flush: bool = True) -> None:
    """One line on stdout, flushed: progress must show while the play runs."""
    sys.stdout.write(text + "\n")
    if flush:
        sys.stdout.flush()


def find_play(settings: Settings, plan: Plan, play_id: str, to: str | None) -> Play:
    """The play to run; InputError (exit 2) for an unknown one or the wrong target."""
    try:
        play = plan.play(play_id)
    except KeyError:
        known = ", ".join(p.id for p in plan.plays) or "none"
        raise InputError("plan", f"plays: no play {play_id!r} (known: {known})") from None
    if to is not None and play.target.value != to:
        raise InputError("plan", f"plays: {play.id} moves service to {play.target}, not {to}")
    return play


def open_drill_journal(settings: Settings) -> Path | None:
    """In drill mode, the open drill incident the play carries on: the runtime rebuilds its
    drill from it (scenario, seed, speed, simulated time, the actions taken), as resume
    does, so a rollback acts on the drill the failover left. None elsewhere."""
    if settings.mode is not Mode.DRILL:
        return None
    return next((f.path for f in open_incidents(settings.journal_dir) if f.drill), None)


def run_play_command(settings: Settings, play: Play, monitor: Monitor, ctx: SessionContext,
                     *, confirm: str | None, reason: str | None,
                     drill: DrillEnvironment | None = None) -> int:
    """Run ``play`` on a runtime's monitor and session context; the exit code. A drill's
    actions are journaled as its tickets (DrillActed), as the TUI journals them."""
    if settings.mode is Mode.READ_ONLY:
        out(f"refused: read-only console: no play can run; {play.id} changed nothing")
        return EXIT_FAILED
    return asyncio.run(_run(settings, play, monitor, ctx, confirm, reason, drill))


async def _run(settings: Settings, play: Play, monitor: Monitor, ctx: SessionContext,
               confirm: str | None, reason: str | None,
               drill: DrillEnvironment | None = None) -> int:
    started = time.monotonic()
    await monitor.poller.poll_once()
    await monitor.poller.start()
    session: IncidentSession | None = None
    try:
        probe = IncidentSession.new(ctx)
        why = refusal(probe, play)
        if why is not None:
            out(f"refused: {play.title}: {why}; nothing was changed")
            return EXIT_FAILED
        if confirm is None:
            _dry_run(probe, play)
            return EXIT_FAILED
        blocked = blocking_gates(probe, play)
        if blocked and not (reason or "").strip():
            out(f"refused: {play.title}: the gates that protect data say no; nothing was "
                  "changed:\n  " + "\n  ".join(blocked) +
                  f"\n(override: --confirm {confirm} --reason TEXT, journaled)")
            return EXIT_FAILED
        session = _incident(ctx, settings, play)
        if drill is not None:
            opened = session
            drill.on_action(lambda ticket: opened.record_drill_action(ticket_event(ticket)))
        out(f"{play.title} ({play.id}), incident {session.state.id}")

        def refresh() -> None:
            for name in monitor.poller.latest:
                monitor.poller.refresh(name)

        async def answer(planned: PlannedAction) -> Confirmation:
            _show(planned)
            return Confirmation(confirmed=True, typed_site=confirm, override_reason=reason)

        result = await run_play(session, play, answer, override_reason=reason,
                                progress=_say(started), refresh=refresh)
    except (PlayRefused, SessionRefused) as exc:
        out(f"refused: {exc}")
        return EXIT_FAILED
    finally:
        if session is not None:
            session.close()
        await monitor.stop()
    took = time.monotonic() - started
    if result.verified:
        out(f"{play.id} verified in {took:.1f}s (start to verified)")
        return EXIT_OK
    out(f"{play.id} NOT verified after {took:.1f}s: stopped at {result.stopped_at}")
    return EXIT_FAILED


def _incident(ctx: SessionContext, settings: Settings, play: Play) -> IncidentSession:
    """The open incident of this console's kind, or a new one declared for the play."""
    drill = settings.mode is Mode.DRILL
    for found in open_incidents(settings.journal_dir):
        if found.drill is drill:
            return IncidentSession.resume(ctx, found.path)
    session = IncidentSession.new(ctx)
    session.declare(f"{play.title} (recovery-console {play.id})")
    return session


def _dry_run(session: IncidentSession, play: Play) -> None:
    name = session.ctx.policy.name(play.target)
    out(f"{play.title}: would run (nothing was changed; add --confirm {name} to run it):")
    for step_id in play.steps:
        step = session.plan_step(step_id)
        if step.action is None:
            out(f"  {step_id}: check only")
            continue
        planned = session.plan_action(step_id)
        out(f"  {step_id}: {planned.description}")
        for line in planned.details:
            out(f"      {line}")
        for gate in planned.gates:
            out(f"      {gate.level.value.upper()}: {gate.name}: {gate.message}")


def _show(planned: PlannedAction) -> None:
    out(f"  -> {planned.description}")
    for line in (*planned.details, *([planned.earlier] if planned.earlier else [])):
        out(f"       {line}")
    for gate in planned.gates:
        out(f"       {gate.level.value.upper()}: {gate.name}: {gate.message}")


def _say(started: float) -> Callable[[str], None]:
    def say(line: str) -> None:
        stamp = datetime.now(UTC).strftime("%H:%M:%S")
        out(f"[{stamp} +{time.monotonic() - started:5.1f}s] {line}", flush=True)
    return say
