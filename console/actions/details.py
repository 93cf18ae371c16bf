"""The lines of a confirmation that say exactly what changes: calls, record, exposure.

"Promote PostgreSQL on dr" is not enough to decide on at 3 a.m.: the operator confirms
the call that will be made, the DNS record with its old and new target, and what the
failover loses *now*, in the judge's numbers ("loses ~49 KiB / 1m44s of writes; RPO 5m").
They are journaled with the request, so the review reads what was shown.
"""

from __future__ import annotations

from datetime import datetime

from console.actions.policy import ActionPolicy
from console.judge.failover import exposure_words
from console.judge.freshness import Readings, last_known, usable
from console.judge.replication import postgres_link, redis_link
from console.judge.units import format_bytes
from console.plan.actions import (
    Action,
    DnsFailover,
    DnsRollback,
    PromotePostgres,
    PromoteRedis,
    ScaleDeployment,
    SwitchSite,
    TestRestore,
)
from services.models import ClusterSnapshot, DnsSnapshot, Site


def details(action: Action, readings: Readings, now: datetime,
            policy: ActionPolicy) -> tuple[str, ...]:
    """What confirming ``action`` commits to, line by line (empty: nothing to add)."""
    match action:
        case PromotePostgres(site=site):
            link = postgres_link(readings, now, policy.rpo_postgres)
            lines = [f"call: SELECT pg_promote() on postgres/{site} "
                     f"(site {policy.name(site)})",
                     f"RPO exposure now: {exposure_words(link, policy.rpo_postgres)}"]
            if link.replay_backlog_bytes:
                lines.append(f"replay before it opens: {format_bytes(link.replay_backlog_bytes)}"
                             " received, not yet applied (not lost)")
            return tuple(lines)
        case PromoteRedis(site=site):
            link = redis_link(readings, now, policy.rpo_redis)
            return (f"call: REPLICAOF NO ONE on redis/{site} (site {policy.name(site)})",
                    f"RPO exposure now: Redis loses ~{format_bytes(link.exposure_bytes)} "
                    f"({link.reason})")
        case DnsFailover() | DnsRollback():
            new = Site.DR if isinstance(action, DnsFailover) else Site.PRIMARY
            return (_dns_line(readings, new, policy),
                    "RPO exposure now: " + exposure_words(
                        postgres_link(readings, now, policy.rpo_postgres), policy.rpo_postgres))
        case ScaleDeployment(site=site, namespace=ns, deployment=name, replicas=n):
            was = _replicas(readings, site, ns, name)
            return (f"call: PATCH deployments/{ns}/{name}/scale on site {policy.name(site)}: "
                    f"replicas {was} -> {n}",)
        case SwitchSite(site=site):
            return (f"calls on site {policy.name(site)}: {policy.app_switch}",) \
                if policy.app_switch else ()
        case TestRestore(component=component, target=target):
            return (f"replaces the live {component} data with the newest backup in {target}",)
    return ()


def _dns_line(readings: Readings, new: Site, policy: ActionPolicy) -> str:
    snap = usable(readings, "dns", DnsSnapshot) or last_known(readings, "dns", DnsSnapshot)
    record = policy.dns_record or (snap.record if snap is not None else "the service record")
    old = snap.current_target if snap is not None and snap.current_target else "?"
    target = policy.dns_targets.get(new, f"site {new}")
    return f"DNS {record}: {old} -> {target} (site {policy.name(new)})"


def _replicas(readings: Readings, site: Site, namespace: str, name: str) -> str:
    snap = last_known(readings, f"cluster/{site}", ClusterSnapshot)
    row = None if snap is None else next(
        (d for d in snap.deployments if d.namespace == namespace and d.name == name), None)
    return "?" if row is None else str(row.desired_replicas)
