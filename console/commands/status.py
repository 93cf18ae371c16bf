"""``recovery-console status``: poll every source once and report, like the dashboard.

With ``--scenario NAME --at 10m`` it replays a drill scenario on a frozen clock up to that
point, polling every 15 simulated seconds as a running console would, so outage clocks
start when the console would have seen the failure.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from console.backends.monitor import DRILL_EPOCH, build_drill, build_monitor
from console.commands.status_report import exit_code, render_json, render_text
from console.config.bootstrap import Loaded
from console.config.models import Mode
from console.judge.gaps import plan_gaps
from services.clock import FrozenClock

REPLAY_STEP = timedelta(seconds=15)


async def _collect(loaded: Loaded, scenario: str | None, at: timedelta | None,
                   as_json: bool, strict: bool) -> tuple[str, int]:
    settings = loaded.settings
    drill = None
    if scenario is not None or at is not None:
        drill_settings = settings.drill.model_copy(
            update={"scenario": scenario or settings.drill.scenario})
        settings = settings.model_copy(update={"mode": Mode.DRILL, "drill": drill_settings})
        clock = FrozenClock(DRILL_EPOCH)
        drill = build_drill(settings, loaded.plan, clock)
    monitor, env = build_monitor(settings, loaded.plan, drill=drill)
    if drill is not None and at is not None:
        elapsed = timedelta(0)
        while elapsed < at:
            await monitor.poller.poll_once()
            elapsed = min(at, elapsed + REPLAY_STEP)
            clock.set(DRILL_EPOCH + elapsed)
    await monitor.poller.poll_once()
    live = monitor.live()
    readings, verdicts = live.readings, live.verdicts
    await monitor.stop()  # close watches and connections before the event loop ends
    gaps = plan_gaps(loaded.plan)
    code = exit_code(verdicts.objectives, readings, gaps, strict=strict)
    mode = settings.mode.value
    where = f"drill scenario {env.scenario.name}" if env is not None else f"{mode} mode"
    if as_json:
        meta = {"mode": mode, "plan": loaded.plan.plan.id,
                "scenario": env.scenario.name if env else None,
                "at": at.total_seconds() if at is not None else None}
        return render_json(meta, verdicts, readings, gaps, strict=strict), code
    header = f"erlmcp recovery console status: {where}, plan {loaded.plan.plan.id}"
    if not readings:
        header += "\n(no live sources in this mode yet: every objective is UNKNOWN)"
    return render_text(header, verdicts, readings, gaps), code


def run_status(loaded: Loaded, *, scenario: str | None, at: timedelta | None,
               as_json: bool, strict: bool = False) -> tuple[str, int]:
    """The report text and the exit code (``strict``: plan gaps fail it too)."""
    return asyncio.run(_collect(loaded, scenario, at, as_json, strict))
