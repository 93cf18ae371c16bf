"""``recovery-console status``: poll every source once and report, like the dashboard.

With ``--scenario NAME --at 10m`` it replays a drill scenario on a frozen clock up to that
point, polling every 15 simulated seconds as a running console would, so outage clocks
start when the console would have seen the failure.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from console.backends.monitor import DRILL_EPOCH, Monitor, build_drill
from console.commands.status_report import exit_code, render_json, render_text
from console.config.bootstrap import Loaded
from console.config.models import Mode
from console.config.settings import Settings
from console.judge.gaps import plan_gaps
from console.plan import Plan
from services.clock import FrozenClock
from services.drill import DrillEnvironment

REPLAY_STEP = timedelta(seconds=15)


def replay_settings(loaded: Loaded, scenario: str | None, at: timedelta | None
                    ) -> tuple[Settings, DrillEnvironment | None]:
    """The settings and drill ``status`` runs on: with ``--scenario``/``--at``, a drill of
    that scenario on a frozen clock at the drill's start (replayed by :func:`run_status`)."""
    settings = loaded.settings
    if scenario is None and at is None:
        return settings, None
    drill_settings = settings.drill.model_copy(
        update={"scenario": scenario or settings.drill.scenario})
    settings = settings.model_copy(update={"mode": Mode.DRILL, "drill": drill_settings})
    return settings, build_drill(settings, loaded.plan, FrozenClock(DRILL_EPOCH))


async def _collect(monitor: Monitor, env: DrillEnvironment | None, plan: Plan, mode: Mode,
                   at: timedelta | None, as_json: bool, strict: bool) -> tuple[str, int]:
    clock = monitor.clock
    if env is not None and at is not None and isinstance(clock, FrozenClock):
        elapsed = timedelta(0)
        while elapsed < at:
            await monitor.poller.poll_once()
            elapsed = min(at, elapsed + REPLAY_STEP)
            clock.set(DRILL_EPOCH + elapsed)
    await monitor.poller.poll_once()
    live = monitor.live()
    readings, verdicts = live.readings, live.verdicts
    await monitor.stop()  # close watches and connections before the event loop ends
    gaps = plan_gaps(plan)
    code = exit_code(verdicts.objectives, readings, gaps, strict=strict)
    where = f"drill scenario {env.scenario.name}" if env is not None else f"{mode} mode"
    if as_json:
        meta = {"mode": mode.value, "plan": plan.plan.id,
                "scenario": env.scenario.name if env else None,
                "at": at.total_seconds() if at is not None else None}
        return render_json(meta, verdicts, readings, gaps, strict=strict), code
    header = f"erlmcp recovery console status: {where}, plan {plan.plan.id}"
    if not readings:
        header += "\n(no live sources in this mode yet: every objective is UNKNOWN)"
    return render_text(header, verdicts, readings, gaps), code


def run_status(monitor: Monitor, env: DrillEnvironment | None, plan: Plan, mode: Mode, *,
               at: timedelta | None, as_json: bool, strict: bool = False) -> tuple[str, int]:
    """The report text and the exit code (``strict``: plan gaps fail it too), from a
    runtime's monitor (``console.shell.runtime.build_runtime``)."""
    return asyncio.run(_collect(monitor, env, plan, mode, at, as_json, strict))
