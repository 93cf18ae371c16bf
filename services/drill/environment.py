"""The simulated two-site environment a tabletop drill runs against.

It holds no evolving state: only what was fixed at the start (seed, scenario, the loaded
plan's backups, start time), the log of the operator's actions, and injected faults. Every reading
is computed from those and the clock at the moment it is asked for, so a drill at 60x
needs no background task and a test moves the world by advancing a FrozenClock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from services.clock import Clock
from services.drill.actions import ActionTicket
from services.drill.backups import backup_snapshot
from services.drill.cache import redis_snapshot
from services.drill.cluster import cluster_snapshot
from services.drill.database import postgres_snapshot
from services.drill.edge import dns_snapshot, health_snapshot
from services.drill.faults import Faults
from services.drill.plan import DrillPlan
from services.drill.scenarios import Scenario, get_scenario
from services.drill.standby_ops import SiteOperations
from services.drill.world import DrillSetup, World
from services.models import (
    BackupSnapshot,
    ClusterSnapshot,
    DnsSnapshot,
    HealthSnapshot,
    PostgresSnapshot,
    RedisSnapshot,
    Site,
)


class DrillEnvironment(SiteOperations):
    """A primary and a DR site, playing ``scenario`` from the clock's time at creation.

    The readers below (``cluster``, ``postgres``...) return the truth, even for a site
    nobody can reach; the sources of :func:`services.drill.sources.drill_sources` are
    what the console sees, and they raise for unreachable sites.
    """

    def __init__(self, clock: Clock, seed: int = 0, scenario: str = "steady", *,
                 plan: DrillPlan, read_only: bool = False, started_at: datetime | None = None,
                 actions: Sequence[ActionTicket] = ()) -> None:
        """``started_at`` (default: the clock's now) and ``actions`` rebuild a drill that
        ran before, as its journal recorded it."""
        super().__init__(read_only)
        self.clock = clock
        self.faults = Faults()
        self._setup = DrillSetup(seed=seed, started_at=started_at or clock.now(),
                                 scenario=get_scenario(scenario), plan=plan)
        for ticket in actions:
            self.replay(ticket)

    @property
    def seed(self) -> int:
        return self._setup.seed

    @property
    def scenario(self) -> Scenario:
        return self._setup.scenario

    @property
    def plan(self) -> DrillPlan:
        return self._setup.plan

    @property
    def started_at(self) -> datetime:
        """The drill start: scenario offsets count from here."""
        return self._setup.started_at

    def world(self) -> World:
        """The facts as of the clock's now."""
        return World(self._setup, self._log, self.clock.now())

    # -- the truth, site by site -----------------------------------------------------------
    def cluster(self, site: Site) -> ClusterSnapshot:
        return cluster_snapshot(self.world(), site)

    def postgres(self, site: Site) -> PostgresSnapshot:
        return postgres_snapshot(self.world(), site)

    def redis(self, site: Site) -> RedisSnapshot:
        return redis_snapshot(self.world(), site)

    def backups(self) -> BackupSnapshot:
        return backup_snapshot(self.world())

    def health(self, site: Site) -> HealthSnapshot:
        return health_snapshot(self.world(), site)

    def dns(self) -> DnsSnapshot:
        return dns_snapshot(self.world())

    # -- fault injection for the poller's tests --------------------------------------------
    def hang(self, source_name: str, seconds: float) -> None:
        """Every poll of ``source_name`` first sleeps ``seconds`` of real time."""
        self.faults.hang(source_name, seconds)

    def fail(self, source_name: str, message: str) -> None:
        """Every poll of ``source_name`` raises BadAnswer(``message``)."""
        self.faults.fail(source_name, message)

    def clear_faults(self, source_name: str | None = None) -> None:
        self.faults.clear(source_name)
