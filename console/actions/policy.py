"""What the runner needs to know about the sites beyond the plan: their names, the data-loss
bound, the RPOs, the DNS record and its targets.

Built once from the settings and the plan (:func:`policy_for`), so the confirmation can
state exactly which record changes from what to what and the gates can hold a promote to
``max_lag_on_failover``. The names are what an operator types to confirm a destructive
action: the site's own name, as the config gives it, not a word that fits every site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from services.models import Site

if TYPE_CHECKING:  # pydantic-settings costs start-up time; the callers have it loaded
    from console.config.settings import Settings
    from console.plan.model import Plan

DEFAULT_MAX_LAG = 1024 * 1024
"""Patroni's ``maximum_lag_on_failover`` default: 1 MiB."""


def _default_names() -> Mapping[Site, str]:
    return {Site.PRIMARY: "primary", Site.DR: "dr"}


@dataclass(frozen=True)
class ActionPolicy:
    """Site names, the data-loss bound and the DNS facts the gates and modal state."""

    site_names: Mapping[Site, str] = field(default_factory=_default_names)
    max_lag_bytes: int = DEFAULT_MAX_LAG
    rpo_postgres: timedelta | None = None
    rpo_redis: timedelta | None = None
    dns_record: str = ""
    """``api.erlmcp.com CNAME``: the record DNS failover and rollback change."""
    dns_targets: Mapping[Site, str] = field(default_factory=dict)
    """Where the record points for each site."""
    app_switch: str = ""
    """What switch-site rewrites (``ConfigMap erlmcp/erlmcp-config DATABASE_HOST, ...``)."""

    def name(self, site: Site) -> str:
        """What the operator types to confirm an action on ``site``."""
        return self.site_names.get(site) or site.value


def policy_for(settings: Settings, plan: Plan, *, drill: bool) -> ActionPolicy:
    """The policy of a console: names and bounds from the config, RPOs from the plan, the
    DNS record from the config (or the drill's simulated record)."""
    from console.judge.verdicts import rpo_target

    fo = settings.failover
    sites = settings.sites
    names = {Site.PRIMARY: sites.primary.name or "primary", Site.DR: sites.dr.name or "dr"}
    if drill:
        from services.drill.edge import LOAD_BALANCERS, RECORD

        record, targets = f"{RECORD} CNAME", dict(LOAD_BALANCERS)
    elif settings.dns is not None:
        dns = settings.dns
        record = f"{dns.record_name} {dns.record_type}"
        targets = {Site.PRIMARY: dns.primary_target, Site.DR: dns.dr_target}
    else:
        record, targets = "", {}
    keys = ", ".join((fo.database_key, fo.redis_key))
    switch = (f"patch ConfigMap {fo.namespace}/{fo.configmap} ({keys} -> the site's own "
              f"endpoints), then kubectl rollout restart deployment "
              f"{fo.namespace}/{fo.deployment}")
    return ActionPolicy(site_names=names, max_lag_bytes=fo.max_lag_on_failover,
                        rpo_postgres=rpo_target(plan, "postgres"),
                        rpo_redis=rpo_target(plan, "redis"), dns_record=record,
                        dns_targets=targets, app_switch=switch)
