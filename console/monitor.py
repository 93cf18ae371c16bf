"""Sources, poller, downtime and objectives together, with no UI: what the TUI and the
``status`` command both run on.

In drill mode the sources are the simulated environment's; in incident and read-only modes
they are the real adapters (not part of this build yet: without them every objective is
honestly UNKNOWN rather than silently green).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from console.config_models import Mode
from console.downtime import DowntimeTracker
from console.objective_status import ObjectiveStatus, evaluate
from console.plan import Plan
from console.poller import Poller
from console.readings import Reading
from console.settings import Settings
from services.clock import Clock, SystemClock, WarpedClock
from services.drill import DrillEnvironment, drill_sources
from services.models import Snapshot
from services.sources import Source

DRILL_EPOCH = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)
"""Where drill time starts: fixed, so a drill (and its seed) replays identically."""

MIN_INTERVAL_S = 1.0
"""No source is polled more than once a real second, however fast a drill runs."""

Listener = Callable[[Reading[Snapshot]], None]


def build_drill(settings: Settings, clock: Clock | None = None) -> DrillEnvironment:
    """The simulated environment of the settings' drill section, on a warped clock."""
    drill = settings.drill
    return DrillEnvironment(clock or WarpedClock(DRILL_EPOCH, drill.speed), drill.seed,
                            drill.scenario)


class Monitor:
    """Polls every source, tracks outages and evaluates the plan's objectives."""

    def __init__(self, settings: Settings, plan: Plan, clock: Clock,
                 sources: list[Source[Snapshot]], listener: Listener | None = None,
                 *, speed: float = 1.0) -> None:
        self.plan = plan
        self.clock = clock
        self.downtime = DowntimeTracker()
        self._listener = listener
        refresh = settings.refresh
        intervals = {"cluster": refresh.kubernetes, "postgres": refresh.postgres,
                     "redis": refresh.redis, "backups": refresh.backups, "dns": refresh.dns,
                     "health": refresh.health}
        def interval_s(name: str) -> float:
            """Intervals are in the environment's time: a 60x drill polls 60x as often."""
            seconds = intervals[name.split("/")[0]].total_seconds() / speed
            return max(MIN_INTERVAL_S, seconds)

        self.poller = Poller(
            sources,
            interval_s,
            refresh.timeout.total_seconds(),
            clock,
            self._received,
        )

    def _received(self, reading: Reading[Snapshot]) -> None:
        self.downtime.observe(reading)
        if self._listener is not None:
            self._listener(reading)

    def objectives(self) -> tuple[ObjectiveStatus, ...]:
        return evaluate(self.plan, self.poller.latest, self.clock.now(),
                        down_since=self.downtime.down_since)


def build_monitor(
    settings: Settings, plan: Plan, listener: Listener | None = None,
    *, drill: DrillEnvironment | None = None,
) -> tuple[Monitor, DrillEnvironment | None]:
    """The monitor for the configured mode (and the drill environment, in drill mode)."""
    if settings.mode is Mode.DRILL:
        env = drill or build_drill(settings)
        sources: list[Source[Snapshot]] = list(drill_sources(env))
        return Monitor(settings, plan, env.clock, sources, listener,
                       speed=settings.drill.speed), env
    return Monitor(settings, plan, SystemClock(), [], listener), None
