"""The drill environment behind the poller's Source interface: one source per pane feed.

Reading a site that is down or cut off raises :class:`Unreachable`, as a real adapter's
connect would fail; the environment itself still knows the truth (``env.cluster(site)``
shows the NotReady nodes), it is only the console that can't see it. Health is the
exception: a dead endpoint is a *reading* (HealthSnapshot with an error and no status
code), because "the site doesn't answer" is exactly what the health pane reports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from services.drill.backups import backup_snapshot
from services.drill.cache import redis_snapshot
from services.drill.cluster import cluster_snapshot
from services.drill.database import postgres_snapshot, unavailable
from services.drill.edge import dns_snapshot, health_snapshot
from services.drill.faults import SOURCE_NAMES
from services.drill.history import Down
from services.drill.world import World
from services.models import (
    ClusterSnapshot,
    HealthSnapshot,
    PostgresSnapshot,
    RedisSnapshot,
    Site,
    Snapshot,
)
from services.sources import Source, Unreachable

if TYPE_CHECKING:
    from services.drill.environment import DrillEnvironment

S = TypeVar("S", bound=Snapshot)

__all__ = ["SOURCE_NAMES", "DrillSource", "drill_sources"]


class DrillSource(Generic[S]):
    """A named read of the environment; faults injected for it apply first."""

    def __init__(self, env: DrillEnvironment, name: str, read: Callable[[World], S]) -> None:
        self._env = env
        self._name = name
        self._read = read

    @property
    def name(self) -> str:
        return self._name

    async def poll(self) -> S:
        await self._env.faults.apply(self._name)
        return self._read(self._env.world())  # the world as of now, after any hang


def _require_site(world: World, site: Site, what: str) -> None:
    if world.site_down_since(site) is not None:
        raise Unreachable(f"{what} on the {site} site: no route to host (site down)")
    if not world.reachable(site):
        raise Unreachable(f"{what} on the {site} site: connect timed out (region cut off)")


def _cluster(site: Site) -> Callable[[World], ClusterSnapshot]:
    def read(world: World) -> ClusterSnapshot:
        _require_site(world, site, "kube-apiserver")
        return cluster_snapshot(world, site)
    return read


def _postgres(site: Site) -> Callable[[World], PostgresSnapshot]:
    def read(world: World) -> PostgresSnapshot:
        _require_site(world, site, "PostgreSQL")
        # A corrupt database still answers between crashes, with the corruption error.
        if world.corrupt_since(site) is None and world.deployment(site, "postgres")[0] == 0:
            raise Unreachable(f"PostgreSQL on the {site} site: connection refused (no pod)")
        why = unavailable(world, site)
        if why is not None:
            raise Unreachable(f"PostgreSQL on the {site} site: connection refused ({why})")
        return postgres_snapshot(world, site)
    return read


def _redis(site: Site) -> Callable[[World], RedisSnapshot]:
    def read(world: World) -> RedisSnapshot:
        _require_site(world, site, "Redis")
        if world.deployment(site, "redis")[0] == 0:
            raise Unreachable(f"Redis on the {site} site: connection refused (no pod)")
        state = world.redis.state(site)
        if isinstance(state, Down):
            raise Unreachable(f"Redis on the {site} site: connection refused "
                              f"(shut down, {state.reason})")
        return redis_snapshot(world, site)
    return read


def _health(site: Site) -> Callable[[World], HealthSnapshot]:
    def read(world: World) -> HealthSnapshot:
        return health_snapshot(world, site)
    return read


def drill_sources(env: DrillEnvironment) -> list[Source[Snapshot]]:
    """All ten sources, in :data:`SOURCE_NAMES` order."""
    sources: list[Source[Snapshot]] = []
    for site in Site:
        sources.append(DrillSource(env, f"cluster/{site}", _cluster(site)))
    for site in Site:
        sources.append(DrillSource(env, f"postgres/{site}", _postgres(site)))
    for site in Site:
        sources.append(DrillSource(env, f"redis/{site}", _redis(site)))
    sources.append(DrillSource(env, "backups", backup_snapshot))
    for site in Site:
        sources.append(DrillSource(env, f"health/{site}", _health(site)))
    sources.append(DrillSource(env, "dns", dns_snapshot))
    return sources
