"""Operations on the drill environment: the same runner, acting on a simulated world.

The environment's actions record a ticket and return at once; the effect appears as the
drill clock passes the ticket's completion time (demote-site and rebuild-standby too: the
drill fences and re-clones its simulated sites). Outputs say so ("ready in ~45s (drill
time)") so nobody mistakes a request for a result. Scripts and notifications never run
in a drill: they would touch real systems and real people, so they answer "simulated: ...".
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from console.backends.progress import report
from console.judge.units import format_span
from services.drill import ActionTicket, DrillEnvironment
from services.models import Site
from services.sources import BadAnswer, ReadOnlyGuard, Unreachable


def _eta(ticket: ActionTicket) -> str:
    return f"ready in ~{format_span(ticket.completes_at - ticket.requested_at)} (drill time)"


class DrillOperations(ReadOnlyGuard):
    """:class:`services.operations.Operations` on a :class:`DrillEnvironment`.

    ``read_only`` refuses every call, including the simulated ones that never reach the
    environment; it defaults to the environment's own read-only flag.
    """

    def __init__(self, env: DrillEnvironment, *, read_only: bool | None = None) -> None:
        self._env = env
        # The environment keeps its flag private; its own actions refuse on it anyway.
        self.read_only = env.read_only if read_only is None else read_only

    async def scale(self, site: Site, namespace: str, deployment: str, replicas: int) -> str:
        self._guard(f"scale {namespace}/{deployment}")
        ticket = await self._env.scale(site, namespace, deployment, replicas)
        return f"scale {deployment} on {site} to {replicas} requested; {_eta(ticket)}"

    async def switch_site(self, site: Site) -> str:
        self._guard(f"switch to {site}")
        ticket = await self._env.switch_site(site)
        return (f"configmap erlmcp/erlmcp-config on {site} now points at {site}'s database "
                f"and Redis; deployment erlmcp restarting, {_eta(ticket)}")

    async def promote_postgres(self, site: Site) -> str:
        self._guard("promote PostgreSQL")
        ticket = await self._env.promote_postgres(site)
        return f"promote PostgreSQL on {site} requested; primary {_eta(ticket)}"

    async def promote_redis(self, site: Site) -> str:
        self._guard("promote Redis")
        ticket = await self._env.promote_redis(site)
        return f"promote Redis on {site} requested; master {_eta(ticket)}"

    async def rewrite_aof(self, site: Site) -> str:
        self._guard("rewrite the AOF")
        ticket = await self._env.rewrite_aof(site)
        return f"AOF rewrite on {site} requested; {_eta(ticket)}"

    async def dns_failover(self) -> str:
        self._guard("DNS failover")
        ticket = await self._env.dns_failover()
        return f"DNS now points at dr; resolvers follow once the TTL ends, {_eta(ticket)}"

    async def dns_rollback(self) -> str:
        self._guard("DNS rollback")
        ticket = await self._env.dns_rollback()
        return f"DNS now points at primary; resolvers follow once the TTL ends, {_eta(ticket)}"

    async def demote_site(self, site: Site) -> str:
        """Fence the site: its PostgreSQL and Redis shut down cleanly (simulated)."""
        self._guard(f"demote {site}")
        ticket = await self._env.demote_site(site)
        return (f"site {site} fenced: PostgreSQL stopped cleanly after its standby received "
                f"every write, Redis shut down after its replica caught up; {_eta(ticket)}")

    async def rebuild_standby(self, site: Site) -> str:
        """Re-clone the site as a standby of the other one (simulated copy, drill time)."""
        self._guard(f"rebuild {site}")
        other = Site.DR if site is Site.PRIMARY else Site.PRIMARY
        ticket = await self._env.rebuild_standby(site)
        report(f"simulated: pg_basebackup from {other} into {site}, then REPLICAOF {other}")
        return (f"rebuild of {site} as a standby of {other} requested: PostgreSQL re-cloned "
                f"(pg_basebackup -R), Redis REPLICAOF {other}; streaming {_eta(ticket)}")

    async def restore(self, component: str, target: str) -> str:
        self._guard(f"restore {component}")
        report(f"simulated: fetching the newest {component} backup from {target}")
        ticket = await self._env.restore(component, target)
        report(f"simulated: restoring into {ticket.site}, {_eta(ticket)}")
        return (f"restore {component} from {target} into {ticket.site} requested; "
                f"{_eta(ticket)}")

    async def verify_data(self, site: Site, queries: Sequence[str]) -> str:
        """Counts derived from the seed and the query: stable across runs, never real data."""
        self._guard("verify data")
        world = self._env.world()
        if not world.reachable(site):
            raise Unreachable(f"verify data: the {site} site does not answer")
        snapshot = self._env.postgres(site)
        if snapshot.error is not None:
            raise BadAnswer(f"PostgreSQL on {site}: {snapshot.error}")
        lines = [f"{q} -> {self._count(q)} rows" for q in queries]
        return "simulated: " + "; ".join(lines)

    def _count(self, query: str) -> int:
        return 1_000 + zlib.crc32(f"{self._env.seed}:{query}".encode()) % 90_000

    async def run_script(self, path: str, args: Sequence[str], timeout_s: float) -> str:
        self._guard(f"run {path}")
        argv = " ".join((path, *args))
        return f"simulated: {argv} not run in a drill (timeout {format_span(timeout_s)})"

    async def notify(self, template: str, message: str) -> str:
        self._guard(f"notify {template}")
        suffix = f" ({message})" if message else ""
        return f"simulated: notification {template}{suffix} not sent in a drill"
