"""demote-site and rebuild-standby: the two host-level steps of a rollback after a failover.

A rollback is a switchover back: the old primary, rebuilt as a streaming standby of DR,
takes over again once it holds everything DR wrote. The order that loses nothing is
Patroni's: check the standby is in sync, fence the serving side (demote-site: its
PostgreSQL shut down cleanly, which waits until its standby received every write), promote
the standby, move DNS, then rebuild the fenced side as the new primary's standby
(rebuild-standby). Both are destructive (the site's name is typed) and gated by the judge:
a demote only while the other side's standby is in sync
(:func:`console.judge.failover.standby_in_sync`), a rebuild only from a writable primary
and never over a database still taking writes.

The console does not stop servers or run ``pg_basebackup`` itself: the real backends run
the argv the config names (``[standby.<site>]``), and without one the step fails with the
commands to run by hand. The drill simulates both on its own clock
(:mod:`console.backends.drill_ops`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from console.actions.model import Gate, GateLevel
from console.judge.failover import standby_in_sync
from console.judge.freshness import Readings, usable, why_unusable
from console.judge.parts import postgres_failing, postgres_writable
from console.plan.actions import DemoteSite, RebuildStandby
from services.models import PostgresRole, PostgresSnapshot, Site
from services.operations import Operations
from services.sources import SourceError

STANDBY_LIMIT_S = 2 * 3600.0
"""The runner's bound on one demote or rebuild call: above the command's own timeout
(``[standby.<site>] timeout``), so that one fires first and says why."""


@runtime_checkable
class RebuildsStandby(Protocol):
    """Operations that can demote a site and rebuild it as a standby (the real backends)."""

    async def demote_site(self, site: Site) -> str: ...

    async def rebuild_standby(self, site: Site) -> str: ...


class NotSimulated(SourceError):
    """The operations have no host to demote or rebuild (neither real nor drill ones)."""


def _other(site: Site) -> Site:
    return Site.DR if site is Site.PRIMARY else Site.PRIMARY


async def run_standby(action: DemoteSite | RebuildStandby, ops: Operations) -> str:
    """Run the configured demote or rebuild command for the action's site."""
    if not isinstance(ops, RebuildsStandby):
        raise NotSimulated(f"{action.kind} {action.site}: not simulated here (no host to "
                           "act on); do it by hand and mark the step done")
    if isinstance(action, DemoteSite):
        return await ops.demote_site(action.site)
    return await ops.rebuild_standby(action.site)


def describe_standby(action: DemoteSite | RebuildStandby) -> str:
    """The confirmation line: what is stopped or replaced, and how."""
    site, other = action.site, _other(action.site)
    if isinstance(action, DemoteSite):
        return (f"Fence site {site} before the switch back: stop its PostgreSQL cleanly "
                f"(its standby on {other} receives every write first) and its Redis after "
                f"its replica caught up, by [standby.{site}] demote_command")
    return (f"Rebuild site {site} as a standby of {other}: its PostgreSQL re-cloned from "
            f"{other} (pg_basebackup or pg_rewind, standby.signal, primary_conninfo) and its "
            f"Redis REPLICAOF {other}, by [standby.{site}] rebuild_command; the data it "
            "holds now is replaced")


def standby_gates(action: DemoteSite | RebuildStandby, readings: Readings, now: datetime,
                  max_lag: int) -> tuple[Gate, ...]:
    """Demote: the other side's standby in sync (not knowing blocks too: fencing the
    only writer with no caught-up standby is an outage). Rebuild: from a writable primary,
    never over a database that still takes writes."""
    if isinstance(action, DemoteSite):
        fact = standby_in_sync(readings, now, _other(action.site), max_lag)
        level = GateLevel.OK if fact.holds else GateLevel.BLOCKING
        return (Gate(name=fact.name, level=level, message=fact.message),)
    return (_source_writable(_other(action.site), readings, now),
            _not_writable(action.site, readings))


def _source_writable(site: Site, readings: Readings, now: datetime) -> Gate:
    name = f"postgres/{site}"
    snap = usable(readings, name, PostgresSnapshot)
    if snap is None:
        return Gate(name="rebuild-source", level=GateLevel.BLOCKING,
                    message=f"cannot rebuild from {name}: {why_unusable(readings, name, now)}")
    if postgres_failing(snap):  # a corrupt primary: re-cloning from it copies the damage
        return Gate(name="rebuild-source", level=GateLevel.BLOCKING, message=(
            f"{name} is failing ({snap.error}): rebuilding from it would replace the "
            "standby with its damage"))
    if not postgres_writable(snap):
        return Gate(name="rebuild-source", level=GateLevel.BLOCKING,
                    message=f"{name} is not a writable primary: nothing to rebuild from")
    return Gate(name="rebuild-source", level=GateLevel.OK,
                message=f"{name} is a writable primary (timeline {snap.timeline})")


def _not_writable(site: Site, readings: Readings) -> Gate:
    name = f"postgres/{site}"
    snap = usable(readings, name, PostgresSnapshot)
    if snap is not None and snap.role is PostgresRole.PRIMARY and not snap.in_recovery:
        return Gate(name="rebuild-discards-writes", level=GateLevel.BLOCKING, message=(
            f"{name} is a writable primary: rebuilding it throws away the writes it took "
            "(fence it first: demote-site)"))
    said = "in recovery" if snap is not None else "not answering"
    return Gate(name="rebuild-discards-writes", level=GateLevel.OK,
                message=f"{name} takes no writes ({said})")
