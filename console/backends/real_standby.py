"""demote-site and rebuild-standby on the real backends: the config's commands, or the
commands an operator runs by hand.

These are host-level operations (stop a database server, ``pg_basebackup`` into a fresh
data directory): the console has a DSN, not a shell on the database host, and must never
improvise one. It runs exactly the argv of ``[standby.<site>]`` (through the same
process-group-killing runner as ``run-script``, with the section's timeout); without it,
the action fails and its error is the manual procedure, so the step shows what to do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from console.config.settings import Settings
from services.models import Site
from services.sources import SourceError

RunArgv = Callable[[str, Sequence[str], float], Awaitable[str]]


class NoStandbyCommand(SourceError):
    """``[standby.<site>]`` names no command for this step: it is done by hand."""


def _other(site: Site) -> Site:
    return Site.DR if site is Site.PRIMARY else Site.PRIMARY


def manual(kind: str, site: Site) -> str:
    """What the operator runs by hand when the config names no command."""
    other = _other(site)
    if kind == "demote":
        return (f"on the {site} database host: pg_ctl stop -m fast (a clean shutdown waits "
                f"until the {other} standby received every write); on its Redis: SHUTDOWN "
                f"NOSAVE (waits for the replica to catch up); or set "
                f"[standby.{site}] demote_command")
    return (f"on the {site} database host: stop PostgreSQL, pg_rewind --source-server "
            f"'<{other} DSN>' (or pg_basebackup -R from {other} into a fresh data "
            f"directory), touch standby.signal, set primary_conninfo to {other}, start it; "
            f"on its Redis: REPLICAOF <{other} host> <port>; or set "
            f"[standby.{site}] rebuild_command")


async def run_standby_command(settings: Settings, run: RunArgv, kind: str,
                              site: Site) -> str:
    """Run ``[standby.<site>]``'s demote or rebuild command; its output."""
    cfg = settings.standby.primary if site is Site.PRIMARY else settings.standby.dr
    argv = cfg.demote_command if kind == "demote" else cfg.rebuild_command
    if not argv:
        raise NoStandbyCommand(f"[standby.{site}] {kind}_command is not set: do it by hand "
                               f"and mark the step done: {manual(kind, site)}")
    return await run(argv[0], argv[1:], cfg.timeout.total_seconds())
