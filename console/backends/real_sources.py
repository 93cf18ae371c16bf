"""The real adapters for incident and read-only modes, built from the config.

One source per configured backend and nothing for what is not configured: an unset DSN
is simply not polled (its objectives then say UNKNOWN, never green). Each adapter gets
the poll timeout as its own call timeout, so it fails with a typed error (refused, auth,
timeout) just before the poller's hard deadline would cut it off with a generic one.
Mutating calls (DNS failover/rollback, Kubernetes scale/restart) get the longer
``refresh.action_timeout`` (60 s by default) instead.
Read-only is decided here once, from the mode, and handed to every adapter that can
write, so the refusal lives in the service layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from console.config.models import BackupStoreSettings, Mode, SiteSettings
from console.config.settings import Settings
from console.plan import Plan
from services.clock import Clock
from services.models import Site, Snapshot
from services.sources import Source

if TYPE_CHECKING:
    from services.backups.common import BackupStore, ComponentSchedule

# The adapters of heavy SDKs (kubernetes, boto3, psycopg, redis, httpx) are imported in the
# branch that builds them: a console that does not configure a backend never loads its SDK.
# So are the backup stores' (light, but their manifest models cost start-up time): a drill,
# or a console without stores, loads none of them.


def backup_store(store: BackupStoreSettings, timeout_s: float) -> BackupStore:
    """The adapter of one configured store (the config validated its kind's fields)."""
    if store.kind == "s3":
        from services.backups.s3 import S3BackupStore

        return S3BackupStore(store.target, str(store.bucket), store.prefix, store.region,
                             store.endpoint_url, store.access_key_id, store.secret_access_key,
                             timeout_s=timeout_s)
    if store.kind == "azure-blob":
        from services.backups.azure import AzureBackupStore

        return AzureBackupStore(store.target, str(store.container), store.prefix,
                                connection_string=store.connection_string,
                                account_url=store.account_url, timeout_s=timeout_s)
    from services.backups.nas import NasBackupStore

    return NasBackupStore(store.path or "", store.target)


def components(plan: Plan) -> list[ComponentSchedule]:
    """What to look for in every store: the plan's backup schedules and their retention."""
    from services.backups.common import ComponentSchedule

    return [ComponentSchedule(s.id, s.retention) for s in plan.backups]


def _site_sources(site: Site, cfg: SiteSettings, timeout_s: float, read_only: bool,
                  clock: Clock, kubeconfig: Path | None, *,
                  action_timeout_s: float = 60.0, operator: str | None = None
                  ) -> list[Source[Snapshot]]:
    found: list[Source[Snapshot]] = []
    node = cfg.name or site.value
    if cfg.kube_context:
        from services.kube.source import KubeClusterSource

        found.append(KubeClusterSource(
            site, cfg.kube_context, kubeconfig=str(kubeconfig) if kubeconfig else None,
            timeout_s=timeout_s, action_timeout_s=action_timeout_s, read_only=read_only,
            clock=clock))
    if cfg.postgres_dsn is not None:
        from services.postgres.source import PostgresSource

        found.append(PostgresSource(site, node, cfg.postgres_dsn, timeout_s=timeout_s,
                                    read_only=read_only, clock=clock, operator=operator))
    if cfg.redis_url is not None:
        from services.redis.source import RedisSource

        found.append(RedisSource(site, node, cfg.redis_url, timeout_s=timeout_s,
                                 read_only=read_only, clock=clock, operator=operator))
    if cfg.health_url:
        from services.health.source import HealthSource

        found.append(HealthSource(site, cfg.health_url, timeout_s=timeout_s, clock=clock))
    return found


def build_real_sources(settings: Settings, plan: Plan, clock: Clock) -> list[Source[Snapshot]]:
    """Every configured real source, in a stable order (site by site, then backups, DNS)."""
    timeout_s = settings.refresh.timeout.total_seconds()
    action_timeout_s = settings.refresh.action_timeout.total_seconds()
    read_only = settings.mode is Mode.READ_ONLY
    sources: list[Source[Snapshot]] = []
    for site, cfg in ((Site.PRIMARY, settings.sites.primary), (Site.DR, settings.sites.dr)):
        sources += _site_sources(site, cfg, timeout_s, read_only, clock, settings.kubeconfig,
                                 action_timeout_s=action_timeout_s,
                                 operator=settings.operator_name())
    if settings.backups:
        from services.backups.source import BackupsSource

        stores = [backup_store(s, timeout_s) for s in settings.backups]
        sources.append(BackupsSource(stores, components(plan), clock, timeout_s=timeout_s))
    if (dns := settings.dns) is not None:
        from services.dns.route53 import Route53Dns

        sources.append(Route53Dns(
            dns.zone_id, dns.record_name, dns.record_type, dns.primary_target, dns.dr_target,
            region=dns.region, endpoint_url=dns.endpoint_url,
            access_key_id=dns.access_key_id, secret_access_key=dns.secret_access_key,
            timeout_s=timeout_s, action_timeout_s=action_timeout_s, read_only=read_only,
            clock=clock))
    return sources

