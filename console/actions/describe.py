"""One line per action saying exactly what will be called, and where.

The operator confirms this text, and the journal keeps it, so it names the site, the
object and the underlying call (``pg_promote``, ``BGREWRITEAOF``) rather than the step's
title: after the incident, "what did we actually run" must be answerable from it alone.
"""

from __future__ import annotations

from console.actions.restore import describe_restore
from console.actions.standby import describe_standby
from console.judge.units import format_span
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
    RunScript,
    ScaleDeployment,
    SendNotification,
    SwitchSite,
    TestRestore,
    VerifyBackups,
    VerifyData,
    WaitForHealth,
)

DEFAULT_HEALTH_INTERVAL_S = 10.0
"""How often wait-for-health looks at the readings when the step names no interval."""


def describe(action: Action) -> str:
    """The confirmation line for ``action``."""
    match action:
        case ScaleDeployment(site=site, namespace=ns, deployment=name, replicas=n):
            return f"Scale deployment {ns}/{name} on site {site} to {n} replicas (kubectl scale)"
        case SwitchSite(site=site):
            return (f"Point the application on site {site} at its own database and Redis "
                    "(patch its ConfigMap), restart it (kubectl rollout restart); "
                    f"{site} becomes the console's active site")
        case PromotePostgres(site=site):
            return f"Promote PostgreSQL standby on site {site} (pg_promote)"
        case PromoteRedis(site=site):
            return f"Promote Redis replica on site {site} to master (REPLICAOF NO ONE)"
        case RewriteAof(site=site):
            return f"Rewrite the Redis append-only file on site {site} (BGREWRITEAOF)"
        case DnsFailover():
            return "Point the service DNS record at site dr (DNS failover)"
        case DnsRollback():
            return "Point the service DNS record back at site primary (DNS rollback)"
        case WaitForHealth(site=site, timeout=timeout, interval=interval):
            every = format_span(interval.total_seconds() if interval
                                else DEFAULT_HEALTH_INTERVAL_S)
            return (f"Wait up to {format_span(timeout)} for health/{site} to be fresh and ok "
                    f"(checking every {every}; no remote call)")
        case VerifyData(site=site, queries=queries):
            return (f"Run {len(queries)} read-only verification queries on PostgreSQL on "
                    f"site {site}: {' '.join(queries)}")
        case VerifyBackups(components=components):
            which = ", ".join(components) if components else "every backup schedule"
            return f"Check the age of the newest backup of {which} (no remote call)"
        case TestRestore(component=component, target=target):
            return (f"Restore {component} from its newest backup in store {target} "
                    "(into the site holding the writable copy)")
        case RestorePostgres() | RestoreRedis():
            return describe_restore(action)
        case DemoteSite() | RebuildStandby():
            return describe_standby(action)
        case RunScript(path=path, args=args, timeout=timeout):
            argv = " ".join((path, *args))
            return f"Run script {argv} (timeout {format_span(timeout)})"
        case SendNotification(template=template, message=message):
            suffix = f": {message}" if message else ""
            return f"Send notification from template {template}{suffix}"
    raise AssertionError(f"unhandled action {action!r}")  # pragma: no cover
