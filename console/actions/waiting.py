"""wait-for-health: watch the readings until a site is healthy, on the injectable clock.

It never calls the site itself: the poller already does, under its own timeouts, and the
readings are what the operator sees, so "healthy" here means exactly what the dashboard
shows. Time is the console's clock and the pause is an injected ``sleep``, so a drill at
60x waits drill minutes and a test with a FrozenClock advances time inside its sleep.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from console.actions.checks import evaluate_check
from console.actions.model import ActionError
from console.judge.freshness import Readings
from console.judge.units import format_span
from console.plan.checks import HealthOk
from services.clock import Clock
from services.models import Site

Sleep = Callable[[float], Awaitable[None]]


def scaled_sleep(speed: float) -> Sleep:
    """A sleep of ``seconds`` in the clock's time: a drill at 60x waits a simulated minute
    in one real second, so its waits follow the drill clock, not the wall."""
    import asyncio

    if speed == 1.0:
        return asyncio.sleep

    async def sleep(seconds: float) -> None:
        await asyncio.sleep(seconds / speed)

    return sleep


async def wait_for_health(site: Site, timeout: timedelta, interval_s: float, *,
                          readings: Callable[[], Readings], clock: Clock, sleep: Sleep,
                          down_since: Callable[[], Mapping[str, datetime]]) -> str:
    """Return once health/``site`` is fresh and ok; raise :class:`ActionError` at the deadline."""
    check = HealthOk(kind="health-ok", site=site)
    started = clock.now()
    deadline = started + timeout
    while True:
        now = clock.now()
        result = evaluate_check(check, readings(), now, down_since())
        if result.ok:
            return f"health/{site} ok after {format_span(now - started)}: {result.detail}"
        if now >= deadline:
            raise ActionError(f"health/{site} not ok after {format_span(timeout)}: "
                              f"{result.detail}")
        await sleep(max(0.0, min(interval_s, (deadline - now).total_seconds())))
