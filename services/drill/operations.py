"""The operator's actions on the drill environment: validated, recorded, never slept on.

Each action checks what a real call would check at request time (the site answers, the
thing exists, it isn't already done), appends a ticket, and returns it at once. The
effect appears as the drill clock passes the ticket's ``completes_at``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from services.drill.actions import (
    DNS_TTL,
    PROMOTE_POSTGRES_DELAY,
    PROMOTE_REDIS_DELAY,
    RESTORE_DELAY,
    REWRITE_AOF_DELAY,
    ROLLOUT_RESTART_DELAY,
    SCALE_DOWN_PER_REPLICA,
    SCALE_UP_PER_REPLICA,
    TAPE_RESTORE_FACTOR,
    ActionKind,
    ActionLog,
    ActionTicket,
)
from services.drill.backups import backup_entry
from services.drill.database import unavailable
from services.drill.history import Down
from services.drill.plan import DataKind
from services.drill.world import DEPLOYMENTS, NAMESPACE, World
from services.models import Site
from services.sources import ReadOnlyRefused, Unreachable

ActionListener = Callable[[ActionTicket], None]


class DrillOperations:
    """Mixin of the environment's mutating calls; the environment supplies ``world()``."""

    def __init__(self, read_only: bool) -> None:
        self._log = ActionLog()
        self._read_only = read_only
        self._listeners: list[ActionListener] = []

    def on_action(self, listener: ActionListener) -> None:
        """Call ``listener`` with every ticket an action records from now on (the console
        journals them, so a resumed or followed drill can replay them)."""
        self._listeners.append(listener)

    def replay(self, ticket: ActionTicket) -> None:
        """Add a ticket recorded by an earlier run of this drill, as it was: no checks (it
        passed them then) and no listeners (it is journaled already)."""
        self._log.add(ticket)

    def world(self) -> World:
        raise NotImplementedError

    @property
    def read_only(self) -> bool:
        """True when every action is refused (a watcher's drill)."""
        return self._read_only

    @property
    def actions(self) -> tuple[ActionTicket, ...]:
        """Every action requested so far, in request order."""
        return self._log.tickets

    def _begin(self, what: str, site: Site | None = None) -> World:
        """Refuse in read-only mode or when the site can't be reached; else the world now."""
        if self._read_only:
            raise ReadOnlyRefused(f"{what} refused: the console runs read-only (drill)")
        world = self.world()
        if site is not None and not world.reachable(site):
            raise Unreachable(f"{what}: the {site} site does not answer")
        return world

    def _record(self, world: World, kind: ActionKind, delay: timedelta, *, site: Site,
                deployment: str | None = None, replicas: int | None = None,
                component: str | None = None, target: str | None = None) -> ActionTicket:
        ticket = self._log.add(ActionTicket(kind, world.now, world.now + delay, site=site,
                                            deployment=deployment, replicas=replicas,
                                            component=component, target=target))
        for listener in self._listeners:
            listener(ticket)
        return ticket

    async def scale(self, site: Site, namespace: str, deployment: str,
                    replicas: int) -> ActionTicket:
        """``kubectl scale``: desired now, ready replicas ramp 15 s apiece (5 s down)."""
        world = self._begin(f"scale {namespace}/{deployment}", site)
        if namespace != NAMESPACE or deployment not in DEPLOYMENTS[site]:
            raise ValueError(f"no deployment {namespace}/{deployment} on the {site} site")
        if replicas < 0:
            raise ValueError("replicas must be >= 0")
        ready, _ = world.scaled(site, deployment)
        step = SCALE_UP_PER_REPLICA if replicas >= ready else SCALE_DOWN_PER_REPLICA
        return self._record(world, ActionKind.SCALE, step * abs(replicas - ready), site=site,
                            deployment=deployment, replicas=replicas)

    def _pending(self, world: World, kind: ActionKind, site: Site) -> bool:
        return any(t.site is site for t in self._log.requested(kind, world.now))

    async def switch_site(self, site: Site) -> ActionTicket:
        """Re-point the site's application at its own database and Redis (its ConfigMap)
        and roll its pods: recorded, complete once the rolling restart is through."""
        world = self._begin(f"switch to {site}", site)
        return self._record(world, ActionKind.SWITCH_SITE, ROLLOUT_RESTART_DELAY, site=site,
                            deployment="erlmcp")

    async def promote_postgres(self, site: Site) -> ActionTicket:
        """``pg_ctl promote`` on the site's standby: a primary on a new timeline after 20 s."""
        world = self._begin("promote PostgreSQL", site)
        if world.pg_is_primary(site) or self._pending(world, ActionKind.PROMOTE_POSTGRES, site):
            raise ValueError(f"PostgreSQL on the {site} site is already a primary")
        why = unavailable(world, site)
        if why is not None:
            raise Unreachable(f"promote PostgreSQL on the {site} site: not running ({why})")
        return self._record(world, ActionKind.PROMOTE_POSTGRES, PROMOTE_POSTGRES_DELAY,
                            site=site)

    async def promote_redis(self, site: Site) -> ActionTicket:
        """``REPLICAOF NO ONE`` on the site's replica: a master after 5 s."""
        world = self._begin("promote Redis", site)
        if world.redis_is_master(site) or self._pending(world, ActionKind.PROMOTE_REDIS, site):
            raise ValueError(f"Redis on the {site} site is already a master")
        if isinstance(world.redis.state(site), Down):
            raise Unreachable(f"promote Redis on the {site} site: it is shut down (fenced)")
        return self._record(world, ActionKind.PROMOTE_REDIS, PROMOTE_REDIS_DELAY, site=site)

    async def rewrite_aof(self, site: Site) -> ActionTicket:
        """``BGREWRITEAOF``: after 30 s the site has a fresh AOF and AOF persistence on."""
        world = self._begin("rewrite the AOF", site)
        return self._record(world, ActionKind.REWRITE_AOF, REWRITE_AOF_DELAY, site=site)

    async def dns_failover(self) -> ActionTicket:
        """Point ``api.erlmcp.com`` at DR; resolvers follow once the TTL (60 s) runs out."""
        world = self._begin("DNS failover")
        return self._record(world, ActionKind.DNS_FAILOVER, DNS_TTL, site=Site.DR)

    async def dns_rollback(self) -> ActionTicket:
        """Point ``api.erlmcp.com`` back at the primary, visible after the TTL."""
        world = self._begin("DNS rollback")
        return self._record(world, ActionKind.DNS_ROLLBACK, DNS_TTL, site=Site.PRIMARY)

    async def restore(self, component: str, target: str) -> ActionTicket:
        """Restore ``component`` from the newest backup in ``target`` (4 min, tape 3x).

        Databases are restored into whichever site holds the writable copy; a PostgreSQL
        restore clears the site's corruption and opens a new timeline when it completes.
        """
        world = self._begin(f"restore {component} from {target}")
        entry = world.setup.plan.schedule(component)
        if entry is None or target not in entry.targets:
            raise ValueError(f"no backup of {component!r} is kept in {target!r}")
        found = backup_entry(world, entry, target)
        if found.error is not None:
            raise Unreachable(f"backup store {target}: {found.error}")
        if found.latest_at is None:
            raise ValueError(f"no backup of {component} in {target} to restore")
        if entry.kind is DataKind.POSTGRES:
            site = Site.DR if world.pg_is_primary(Site.DR) else Site.PRIMARY
        elif entry.kind is DataKind.REDIS:
            site = Site.DR if world.redis_is_master(Site.DR) else Site.PRIMARY
        else:
            site = world.dns_site() if world.reachable(world.dns_site()) else Site.DR
        if not world.reachable(site):
            raise Unreachable(f"restore {component}: the {site} site does not answer")
        delay = RESTORE_DELAY * (TAPE_RESTORE_FACTOR if target == "tape" else 1)
        return self._record(world, ActionKind.RESTORE, delay, site=site,
                            component=component, target=target)
