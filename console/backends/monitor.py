"""Sources, poller, downtime and objectives together, with no UI: what the TUI and the
``status`` command both run on.

In drill mode (and when following a drill read-only) the sources are the simulated
environment's, built from the loaded plan; in incident and read-only modes they are the
real adapters built from the config (:mod:`console.backends.real_sources`), and a
backend the config does not name is simply not polled (its objectives stay UNKNOWN).

The monitor also carries the :class:`~services.operations.Operations` that match its
sources (``Monitor.operations``): whoever builds an ``ActionRunner`` takes them from here,
so actions land on the very adapters being polled, with the same read-only flag. Stop the
monitor with :meth:`Monitor.stop` (not just its poller): it also closes sources that hold
resources, such as the Kubernetes watch threads.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from console.backends.drill_ops import DrillOperations
from console.backends.drill_plan import drill_plan
from console.config.models import Mode
from console.config.settings import Settings
from console.judge.objectives import ObjectiveStatus
from console.judge.verdicts import LiveState, judge_all
from console.live.downtime import DowntimeTracker
from console.live.poller import Poller
from console.live.readings import Reading
from console.plan import Plan
from services.clock import Clock, SystemClock
from services.drill import ActionTicket, DrillClock, DrillEnvironment, drill_sources
from services.models import Snapshot
from services.operations import Operations
from services.sources import Source

if TYPE_CHECKING:
    from console.live.last_seen import LastSeenRecorder

DRILL_EPOCH = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)
"""Where drill time starts: fixed, so a drill (and its seed) replays identically."""

MAINTENANCE_INTERVAL = timedelta(seconds=5)
"""The maintenance journal is a local file: re-read often, so a verification run from
cron or another terminal shows within seconds."""

MIN_INTERVAL_S = 1.0
"""No source is polled more than once a real second, however fast a drill runs."""

Listener = Callable[[Reading[Snapshot]], None]


def build_drill(settings: Settings, plan: Plan, clock: Clock | None = None, *,
                started_at: datetime | None = None,
                actions: Sequence[ActionTicket] = ()) -> DrillEnvironment:
    """The simulated environment of the settings' drill section playing ``plan``, on a
    warped clock from :data:`DRILL_EPOCH` unless given another clock (and, for a drill
    rebuilt from its journal, its start and the actions it recorded)."""
    drill = settings.drill
    return DrillEnvironment(clock or DrillClock(DRILL_EPOCH, drill.speed), drill.seed,
                            drill.scenario, plan=drill_plan(plan),
                            read_only=settings.mode is Mode.READ_ONLY,
                            started_at=started_at, actions=actions)


class Monitor:
    """Polls every source, tracks outages and evaluates the plan's objectives."""

    def __init__(self, settings: Settings, plan: Plan, clock: Clock,
                 sources: list[Source[Snapshot]],
                 *, speed: float = 1.0, operations: Operations | None = None,
                 last_seen: LastSeenRecorder | None = None) -> None:
        self.plan = plan
        self.operations = operations
        """The mutating calls on the same backends (None: this monitor cannot act)."""
        self._last_seen = last_seen
        """Records the newest primary position (incident mode; None elsewhere)."""
        self.sources = tuple(sources)
        self.clock = clock
        self.downtime = DowntimeTracker()
        self.disruption: Callable[[], datetime | None] = lambda: None
        """The open incident's disruption time (the app sets it): every RTO counts from it."""
        self._listener: Listener | None = None
        refresh = settings.refresh
        intervals = {"cluster": refresh.kubernetes, "postgres": refresh.postgres,
                     "redis": refresh.redis, "backups": refresh.backups, "dns": refresh.dns,
                     "health": refresh.health, "maintenance": MAINTENANCE_INTERVAL}
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

    def listen(self, listener: Listener) -> None:
        """Hand every reading to ``listener`` too (the app, once it exists)."""
        self._listener = listener

    def _received(self, reading: Reading[Snapshot]) -> None:
        self.downtime.observe(reading)
        if self._last_seen is not None and reading.error is None:
            self._last_seen.observe(reading.snapshot, reading.advanced_at)
        if self._listener is not None:
            self._listener(reading)

    async def stop(self) -> None:
        """Stop polling, then close every source that holds threads or connections."""
        await self.poller.stop()
        for source in self.sources:
            close = getattr(source, "close", None)
            if callable(close):
                closing = close()  # the health sources' close() is async: await it
                if inspect.isawaitable(closing):
                    await closing

    def objectives(self) -> tuple[ObjectiveStatus, ...]:
        return self.live().verdicts.objectives

    def live(self) -> LiveState:
        """The latest readings and the judge's verdicts on them: what the screens render."""
        readings = dict(self.poller.latest)
        return LiveState(readings=readings, verdicts=judge_all(
            self.plan, readings, self.clock.now(), down_since=self.downtime.down_since,
            disruption_at=self.disruption()))


def build_monitor(
    settings: Settings, plan: Plan, *, drill: DrillEnvironment | None = None,
) -> tuple[Monitor, DrillEnvironment | None]:
    """The monitor for the configured mode (and the drill environment, in drill mode).

    A ``drill`` given in read-only mode is a drill being followed: its sources are polled
    and every action is refused. In incident mode a given drill is ignored.
    """
    if settings.mode is Mode.DRILL or (drill is not None and settings.mode is Mode.READ_ONLY):
        env = drill or build_drill(settings, plan)
        sources: list[Source[Snapshot]] = list(drill_sources(env))
        ops = DrillOperations(env, read_only=env.read_only
                              or settings.mode is Mode.READ_ONLY)
        return Monitor(settings, plan, env.clock, sources,
                       speed=settings.drill.speed, operations=ops), env
    # Real mode only: a drill (the default start) loads none of this (DESIGN.md: start-up
    # stays light), and it includes the journal reader and the last-seen models.
    from console.backends.maintenance_source import MaintenanceSource
    from console.backends.real_ops import RealOperations
    from console.backends.real_sources import build_real_sources
    from console.live import last_seen

    clock = SystemClock()
    real = build_real_sources(settings, plan, clock)
    if real:  # what is verified and what is due, beside what is configured
        real.append(MaintenanceSource(settings.journal_dir, clock))
    monitor = Monitor(settings, plan, clock, real, operations=RealOperations(settings, real),
                      last_seen=_last_seen(settings, clock))
    for site, seen in last_seen.load(settings.journal_dir, clock.now()).items():
        # a lower bound, with its age and when it last advanced
        monitor.poller.remember(f"postgres/{site}", seen.snapshot, seen.advanced_at)
    return monitor, None


def _last_seen(settings: Settings, clock: Clock) -> LastSeenRecorder | None:
    """Only an incident console records: a watcher writes nothing, a drill's positions
    are not the real primary's."""
    if settings.mode is not Mode.INCIDENT:
        return None
    from console.live.last_seen import LastSeenRecorder, load

    return LastSeenRecorder(settings.journal_dir, load(settings.journal_dir, clock.now()))
