"""restore-postgres and restore-redis: what the runner calls, says and checks for a restore
from backup.

A restore replaces the data of a site's database, so it is destructive (the site's name is
typed to confirm it) and gated on a backup being there to restore. The real backends do it
for real (:mod:`console.backends.real_restore`: download, checksum against the manifest,
``pg_restore``, counts against the manifest); the drill environment, which has no
database to restore, runs its simulated restore of the same backup. A Redis restore is
placed and restarted only where ``[restore.redis_<site>]`` says how; elsewhere it checks
the RDB and shows the commands to run.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from console.actions.model import Gate, GateLevel
from console.judge.freshness import Readings, usable, why_unusable
from console.judge.units import format_span
from console.live.readings import Freshness
from console.plan.actions import RestorePostgres, RestoreRedis
from services.models import BackupSnapshot, Site
from services.operations import Operations

RESTORE_LIMIT_S = 4 * 3600.0
"""The runner's bound on one restore call: above the restore's own limits (download,
``pg_restore``'s ``[restore] timeout``, the checks), so those fire first and say why."""


@runtime_checkable
class RestoresPostgres(Protocol):
    """Operations that can really restore PostgreSQL (the real backends)."""

    async def restore_postgres(self, site: Site, component: str, store: str) -> str: ...


@runtime_checkable
class RestoresRedis(Protocol):
    """Operations that can really restore Redis from an RDB (the real backends)."""

    async def restore_redis(self, site: Site, component: str, store: str) -> str: ...


async def run_restore_postgres(action: RestorePostgres | RestoreRedis, ops: Operations) -> str:
    """Restore and verify; raises when the restore fails or does not match its manifest."""
    if isinstance(action, RestoreRedis):
        if isinstance(ops, RestoresRedis):
            return await ops.restore_redis(action.site, action.component, action.store)
    elif isinstance(ops, RestoresPostgres):
        return await ops.restore_postgres(action.site, action.component, action.store)
    return await ops.restore(action.component, action.store)


def describe_restore(action: RestorePostgres | RestoreRedis) -> str:
    """The confirmation line: what is read, what is replaced, what is checked."""
    if isinstance(action, RestoreRedis):
        return (f"Restore Redis on site {action.site} from the newest {action.component} "
                f"RDB in store {action.store}: download it, check its SHA-256 against its "
                "manifest, SHUTDOWN NOSAVE, place it where the server loads it (the old "
                "files kept aside), run the restart command, then compare the keys loaded "
                "with the RDB's; without [restore.redis_<site>] it shows the commands")
    return (f"Restore PostgreSQL on site {action.site} from the newest {action.component} "
            f"backup in store {action.store}: download it, check its SHA-256 against its "
            "manifest, pg_restore --clean in one transaction (replaces every table the "
            "backup holds), then compare row counts and schemata with the manifest")


def restore_gates(action: RestorePostgres | RestoreRedis, readings: Readings,
                  now: datetime) -> tuple[Gate, ...]:
    """A backup must be listed in the store; the target database should be answering
    (Redis: it may be down — the restore starts it — so only PostgreSQL's is read)."""
    gates: list[Gate] = []
    name = f"postgres/{action.site}"
    reading = readings.get(name)
    if not isinstance(action, RestoreRedis) and (
            reading is None or reading.freshness is not Freshness.FRESH):
        gates.append(Gate(name="fresh-data", level=GateLevel.WARNING,
                          message=f"cannot verify: data stale "
                                  f"({why_unusable(readings, name, now)})"))
    snap = usable(readings, "backups", BackupSnapshot)
    if snap is None:
        gates.append(Gate(name="backup-present", level=GateLevel.WARNING,
                          message="cannot verify: data stale "
                                  f"({why_unusable(readings, 'backups', now)})"))
        return tuple(gates)
    entry = next((e for e in snap.entries
                  if e.component == action.component and e.target == action.store), None)
    if entry is not None and entry.error is not None:
        gates.append(Gate(name="backup-present", level=GateLevel.WARNING,
                          message=f"backup store {action.store} errors: {entry.error}"))
    elif entry is None or entry.latest_at is None:
        gates.append(Gate(name="backup-present", level=GateLevel.BLOCKING,
                          message=f"no backup of {action.component} in {action.store}"))
    else:
        age = format_span(max(0.0, (now - entry.latest_at).total_seconds()))
        gates.append(Gate(name="backup-present", level=GateLevel.OK,
                          message=f"newest {action.component} in {action.store} is {age} old"))
    return tuple(gates)
