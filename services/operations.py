"""The mutating calls the console's action runner can make on the outside world.

Reads go through :class:`services.sources.Source`; everything that *changes* something
goes through this one interface, so the runner can gate, confirm and journal every change
the same way whether it lands on real adapters or on the drill environment. Each call is
async, returns a short human-readable output for the journal, and raises a typed
:class:`~services.sources.SourceError` (``Unreachable``, ``AuthFailed``, ``BadAnswer``,
``SourceTimeout``) or :class:`~services.sources.ReadOnlyRefused` on failure: a read-only
console must be refused here, in the service layer, not only hidden in the UI.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.models import Site


class Operations(Protocol):
    """Every state-changing call the runbook's actions need, one method per call."""

    async def scale(self, site: Site, namespace: str, deployment: str, replicas: int) -> str:
        """Set a deployment's desired replicas (``kubectl scale``); returns at once."""
        ...

    async def switch_site(self, site: Site) -> str:
        """Point the site's application at its own database and Redis (patch its ConfigMap)
        and restart its deployment, so it serves from them."""
        ...

    async def promote_postgres(self, site: Site) -> str:
        """Promote the site's PostgreSQL standby to a primary (``pg_promote``)."""
        ...

    async def promote_redis(self, site: Site) -> str:
        """Make the site's Redis replica a master (``REPLICAOF NO ONE``)."""
        ...

    async def rewrite_aof(self, site: Site) -> str:
        """Rewrite the site's Redis append-only file (``BGREWRITEAOF``)."""
        ...

    async def dns_failover(self) -> str:
        """Point the service's DNS record at the DR site."""
        ...

    async def dns_rollback(self) -> str:
        """Point the service's DNS record back at the primary site."""
        ...

    async def restore(self, component: str, target: str) -> str:
        """Restore a backup schedule's newest copy (``component``) from store ``target``."""
        ...

    async def verify_data(self, site: Site, queries: Sequence[str]) -> str:
        """Run read-only verification queries on the site's database; the results as text."""
        ...

    async def run_script(self, path: str, args: Sequence[str], timeout_s: float) -> str:
        """Run an operator script with a hard timeout; its (tail of) output as text."""
        ...

    async def notify(self, template: str, message: str) -> str:
        """Send a notification built from a plan template; where it went, as text."""
        ...
