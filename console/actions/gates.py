"""Safety gates: what must be true before an action may be confirmed.

Gates are evaluated from live readings right before the confirmation modal opens. A
BLOCKING gate stops the action unless the operator gives an override reason (journaled);
a WARNING is shown and needs no reason; OK gates say what was verified, so the modal can
show "checked: primary PostgreSQL is not writable" rather than silence. Stale data never
passes a gate: it turns it into a WARNING "cannot verify: data stale", because the
console cannot tell, and the operator may well be acting *because* a site went dark.
"""

from __future__ import annotations

from datetime import datetime

from console.actions.model import Gate, GateLevel
from console.actions.policy import ActionPolicy
from console.actions.restore import restore_gates
from console.actions.standby import standby_gates
from console.config.models import Mode
from console.judge.failover import (
    GateFact,
    postgres_data_loss,
    redis_data_loss,
    same_timeline,
    wal_archiving,
)
from console.judge.freshness import Readings, usable, why_unusable
from console.judge.sites import judge_site
from console.judge.units import format_span
from console.live.readings import Freshness
from console.plan.actions import (
    Action,
    DemoteSite,
    DnsFailover,
    DnsRollback,
    PromotePostgres,
    PromoteRedis,
    RebuildStandby,
    RestorePostgres,
    RestoreRedis,
    RewriteAof,
    ScaleDeployment,
    SwitchSite,
    TestRestore,
    VerifyData,
)
from services.models import (
    BackupSnapshot,
    DnsSnapshot,
    PostgresRole,
    PostgresSnapshot,
    RedisRole,
    RedisSnapshot,
    Site,
)

READ_ONLY = Gate(name="read-only", level=GateLevel.BLOCKING,
                 message="read-only console: no action possible")


def _other(site: Site) -> Site:
    return Site.DR if site is Site.PRIMARY else Site.PRIMARY


def _stale(name: str, readings: Readings, now: datetime, gate: str) -> Gate:
    return Gate(name=gate, level=GateLevel.WARNING,
                message=f"cannot verify: data stale ({why_unusable(readings, name, now)})")


def evaluate_gates(action: Action, mode: Mode, readings: Readings, now: datetime,
                   policy: ActionPolicy | None = None) -> tuple[Gate, ...]:
    """Every gate that applies to ``action`` in ``mode``, given the readings at ``now``."""
    if mode is Mode.READ_ONLY:
        return (READ_ONLY,)
    policy = policy or ActionPolicy()
    if isinstance(action, PromotePostgres):
        site, lag = action.site, policy.max_lag_bytes
        return (_pg_split_brain(site, readings, now),
                _gate(postgres_data_loss(readings, now, site, lag, policy.rpo_postgres)),
                _gate(same_timeline(readings, now, site), unknown=GateLevel.WARNING),
                _gate(wal_archiving(readings, now, site), unknown=GateLevel.WARNING))
    if isinstance(action, PromoteRedis):
        fact = redis_data_loss(readings, now, action.site, policy.max_lag_bytes,
                               policy.rpo_redis)
        return (_redis_split_brain(action.site, readings, now),
                _gate(fact, unknown=GateLevel.WARNING))
    if isinstance(action, DnsFailover):
        return (_healthy(Site.DR, readings, now),)
    if isinstance(action, DnsRollback):
        return (_healthy(Site.PRIMARY, readings, now),)
    if isinstance(action, ScaleDeployment):
        return (*_reachable(f"cluster/{action.site}", readings, now),
                *_serving_scale_down(action, readings, now))
    if isinstance(action, SwitchSite):
        return _reachable(f"cluster/{action.site}", readings, now)
    if isinstance(action, RewriteAof):
        return _reachable(f"redis/{action.site}", readings, now)
    if isinstance(action, VerifyData):
        return _reachable(f"postgres/{action.site}", readings, now)
    if isinstance(action, RestorePostgres | RestoreRedis):
        return restore_gates(action, readings, now)
    if isinstance(action, TestRestore):
        return _restore(action, readings, now)
    if isinstance(action, DemoteSite | RebuildStandby):
        return standby_gates(action, readings, now, policy.max_lag_bytes)
    return ()


DESTRUCTIVE = (PromotePostgres, PromoteRedis, DnsFailover, DnsRollback, TestRestore,
               RestorePostgres, RestoreRedis, DemoteSite, RebuildStandby)
"""Actions that cannot be taken back by running them again: the site's name is typed."""


def is_destructive(action: Action) -> bool:
    """Promote, DNS change, scale to 0, restore: never confirmed by Enter alone."""
    if isinstance(action, ScaleDeployment):
        return action.replicas == 0
    return isinstance(action, DESTRUCTIVE)


def target_site(action: Action, readings: Readings) -> Site | None:
    """The site ``action`` changes: where it acts, where DNS will point, where a restore
    lands (the writable database's site, DR when that is not known)."""
    if isinstance(action, DnsFailover):
        return Site.DR
    if isinstance(action, DnsRollback):
        return Site.PRIMARY
    if isinstance(action, DemoteSite | RebuildStandby):
        # Part of moving service to the other site (a switch back): that site's name
        # confirms it, as it confirms the rollback play with one typed name.
        return _other(action.site)
    if isinstance(action, TestRestore):
        return Site.PRIMARY if _pg_primary(readings, Site.PRIMARY) and \
            not _pg_primary(readings, Site.DR) else Site.DR
    site = getattr(action, "site", None)
    return site if isinstance(site, Site) else None


def _pg_primary(readings: Readings, site: Site) -> bool:
    """The site's PostgreSQL answers as a primary, failing or not: where a restore lands
    (a corrupt primary is exactly the copy a restore replaces, though it is not writable)."""
    snap = usable(readings, f"postgres/{site}", PostgresSnapshot)
    return snap is not None and snap.role is PostgresRole.PRIMARY and not snap.in_recovery


def _gate(fact: GateFact, *, unknown: GateLevel = GateLevel.BLOCKING) -> Gate:
    """A judged fact as a gate: failing blocks; not knowing blocks or warns, as given."""
    level = unknown if fact.holds is None else \
        GateLevel.OK if fact.holds else GateLevel.BLOCKING
    return Gate(name=fact.name, level=level, message=fact.message)


def _reachable(name: str, readings: Readings, now: datetime) -> tuple[Gate, ...]:
    """A WARNING when the source the action acts through gives no fresh data."""
    reading = readings.get(name)
    if reading is not None and reading.freshness is Freshness.FRESH:
        return ()
    return (_stale(name, readings, now, "fresh-data"),)


def _pg_split_brain(site: Site, readings: Readings, now: datetime) -> Gate:
    """Promoting while the other PostgreSQL still takes writes makes two diverging primaries."""
    name = f"postgres/{_other(site)}"
    snap = usable(readings, name, PostgresSnapshot)
    if snap is None:
        return _stale(name, readings, now, "split-brain")
    if snap.role is PostgresRole.PRIMARY and not snap.in_recovery:
        if snap.error is None:
            return Gate(name="split-brain", level=GateLevel.BLOCKING,
                        message="primary is still writable: promoting now risks split brain")
        return Gate(name="split-brain", level=GateLevel.WARNING,
                    message=f"{name} is a primary answering with an error ({snap.error}): "
                            "make sure it takes no writes")
    return Gate(name="split-brain", level=GateLevel.OK,
                message=f"{name} is not a writable primary")


def _redis_split_brain(site: Site, readings: Readings, now: datetime) -> Gate:
    name = f"redis/{_other(site)}"
    snap = usable(readings, name, RedisSnapshot)
    if snap is None:
        return _stale(name, readings, now, "split-brain")
    if snap.role is RedisRole.MASTER and snap.error is None:
        return Gate(name="split-brain", level=GateLevel.BLOCKING,
                    message=f"{name} is still a master: promoting now risks split brain")
    return Gate(name="split-brain", level=GateLevel.OK, message=f"{name} is not a master")


def _healthy(site: Site, readings: Readings, now: datetime) -> Gate:
    """Sending traffic to a site that fails its health check turns an outage into another."""
    name = f"health/{site}"
    gate = "dr-health" if site is Site.DR else "primary-health"
    label = "DR site" if site is Site.DR else "primary site"
    verdict = judge_site(readings, site, now)
    if verdict.health_ok is None:
        return _stale(name, readings, now, gate)
    said = verdict.parts["health"].text
    if not verdict.health_ok:
        return Gate(name=gate, level=GateLevel.BLOCKING,
                    message=f"{label} is not healthy ({said})")
    return Gate(name=gate, level=GateLevel.OK, message=f"{label} is healthy ({said})")


def _serving_scale_down(action: ScaleDeployment, readings: Readings,
                        now: datetime) -> tuple[Gate, ...]:
    """Scaling to zero where DNS sends clients takes the service down for them."""
    if action.replicas != 0:
        return ()
    dns = usable(readings, "dns", DnsSnapshot)
    if dns is None:
        return (_stale("dns", readings, now, "serving-site"),)
    if dns.points_at is action.site:
        return (Gate(name="serving-site", level=GateLevel.WARNING,
                     message=f"scaling {action.deployment} to 0 on {action.site}, the site "
                             "DNS sends clients to, takes the service down"),)
    return (Gate(name="serving-site", level=GateLevel.OK,
                 message=f"{action.site} is not the serving site"),)


def _restore(action: TestRestore, readings: Readings, now: datetime) -> tuple[Gate, ...]:
    """A restore replaces live data: it needs a backup to exist where the plan says."""
    snap = usable(readings, "backups", BackupSnapshot)
    if snap is None:
        return (_stale("backups", readings, now, "backup-present"),)
    entry = next((e for e in snap.entries
                  if e.component == action.component and e.target == action.target), None)
    if entry is not None and entry.error is not None:
        return (Gate(name="backup-present", level=GateLevel.WARNING,
                     message=f"backup store {action.target} errors: {entry.error}"),)
    if entry is None or entry.latest_at is None:
        return (Gate(name="backup-present", level=GateLevel.BLOCKING,
                     message=f"no backup of {action.component} in {action.target}"),)
    age = format_span(max(0.0, (now - entry.latest_at).total_seconds()))
    return (Gate(name="backup-present", level=GateLevel.OK,
                 message=f"newest {action.component} in {action.target} is {age} old"),)
