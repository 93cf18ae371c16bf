"""UI fixtures: the real app from ``make_app()`` on the built-in plan, on a frozen drill clock.

Polling is not started; a test polls every source once (``poll``) when it wants data, so
what the screen shows never depends on timing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from textual.pilot import Pilot

from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.models import Mode, ThemeName
from console.config.settings import Settings
from console.plan import load_plan
from console.shell.app import RecoveryConsoleApp, make_app
from services.clock import FrozenClock
from services.drill import DrillEnvironment


@pytest.fixture
def build_app() -> Callable[..., RecoveryConsoleApp]:
    """An app whose operator, clock and data do not depend on the machine."""

    def build(mode: Mode = Mode.DRILL, theme: ThemeName = ThemeName.DARK,
              scenario: str = "steady") -> RecoveryConsoleApp:
        settings = Settings(mode=mode, theme=theme, operator="test-operator")
        plan = load_plan()
        drill = DrillEnvironment(FrozenClock(DRILL_EPOCH), seed=0, scenario=scenario,
                                 plan=drill_plan(plan)) if mode is Mode.DRILL else None
        return make_app(settings, plan, drill=drill, autostart=False)

    return build


async def replay(app: RecoveryConsoleApp, until: timedelta,
                 step: timedelta = timedelta(seconds=15)) -> None:
    """Poll every ``step`` of drill time up to ``until``, as a running console would."""
    if app.drill is None:  # real modes: whatever sources exist, polled once
        await app.monitor.poller.poll_once()
        return
    clock = app.drill.clock
    assert isinstance(clock, FrozenClock)
    elapsed = timedelta(0)
    while True:
        await app.monitor.poller.poll_once()
        if elapsed >= until:
            break
        elapsed = min(until, elapsed + step)
        clock.set(DRILL_EPOCH + elapsed)


def polled(until: timedelta = timedelta(0), *keys: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    """A ``run_before`` for snap_compare: replay the drill, then press ``keys``."""

    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, RecoveryConsoleApp)
        await replay(app, until)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before
