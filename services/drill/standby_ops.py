"""demote-site and rebuild-standby on the drill: the two host-level steps of a rollback.

The lab runs them for real (``pg_ctl stop``, ``pg_basebackup -R``, ``REPLICAOF``); the drill
records them like every other action and lets the drill clock carry them out:

* demote-site fences the site in 15 s: its PostgreSQL shuts down cleanly (its standby
  receives every write first) and its Redis after its replica caught up; its health
  answers 503 from then on;
* rebuild-standby re-clones the site's PostgreSQL from the other site's writable primary
  (down while the copy runs, as long as the plan's largest PostgreSQL backup takes across
  the link, then a standby on the primary's timeline catching up what was written
  meanwhile) and makes its Redis a replica (a full sync of the Redis dataset).

Each refuses what the real command would: an unreachable site, nothing to rebuild from, a
rebuild over a database that still takes writes.
"""

from __future__ import annotations

from services.drill.actions import DEMOTE_DELAY, ActionKind, ActionTicket
from services.drill.history import Down
from services.drill.operations import DrillOperations
from services.drill.roles import rebuild_time
from services.models import Site
from services.sources import Unreachable


def _other(site: Site) -> Site:
    return Site.DR if site is Site.PRIMARY else Site.PRIMARY


class SiteOperations(DrillOperations):
    """The environment's fence and rebuild, on top of its other actions."""

    async def demote_site(self, site: Site) -> ActionTicket:
        """Fence ``site``: no more writes there once the clean shutdown is through."""
        world = self._begin(f"demote the {site} site", site)
        fenced = isinstance(world.pg.state(site), Down) and \
            isinstance(world.redis.state(site), Down)
        if fenced or self._pending(world, ActionKind.DEMOTE_SITE, site):
            raise ValueError(f"the {site} site is already fenced")
        return self._record(world, ActionKind.DEMOTE_SITE, DEMOTE_DELAY, site=site)

    async def rebuild_standby(self, site: Site) -> ActionTicket:
        """Re-clone ``site`` as a standby of the other site: ready when the copy is through."""
        world = self._begin(f"rebuild the {site} site as a standby", site)
        source = _other(site)
        if not world.reachable(source) or world.site_down_since(source) is not None:
            raise Unreachable(f"rebuild {site}: the {source} site does not answer")
        if not world.pg_is_primary(source):
            raise ValueError(f"rebuild {site}: PostgreSQL on the {source} site is not a "
                             "writable primary: nothing to rebuild from")
        if not world.redis_is_master(source):
            raise ValueError(f"rebuild {site}: Redis on the {source} site is not a master")
        if world.pg_is_primary(site):
            raise ValueError(f"rebuild {site}: PostgreSQL there is a writable primary; "
                             "rebuilding it throws away its writes (fence it first: "
                             "demote-site)")
        delay = max(rebuild_time(world, "postgres"), rebuild_time(world, "redis"))
        return self._record(world, ActionKind.REBUILD_STANDBY, delay, site=site)
