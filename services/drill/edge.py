"""What clients see: each site's health endpoint, and where DNS sends them.

A site serves when it can be reached, its database is a writable primary that is not
corrupt, and at least one erlmcp pod is ready; a fenced one (demote-site) answers 503. DNS
is independent (Route53 is global): a site can be healthy and still receive no traffic
until the record points at it.
"""

from __future__ import annotations

from services.drill.actions import DNS_TTL
from services.drill.calc import unit
from services.drill.history import Down
from services.drill.world import World
from services.executor import timeout_message
from services.models import DnsSnapshot, HealthSnapshot, Site

RECORD = "api.erlmcp.com"
HEALTH_URLS = {Site.PRIMARY: "https://primary.api.erlmcp.com/v3/health",
               Site.DR: "https://dr.api.erlmcp.com/v3/health"}
LOAD_BALANCERS = {Site.PRIMARY: "erlmcp-primary-lb.eu-west-1.elb.amazonaws.com",
                  Site.DR: "erlmcp-dr-lb.eu-central-1.elb.amazonaws.com"}
HEALTH_TIMEOUT_S = 5.0
CONNECTION_REFUSED = "connection refused"


def _answer(world: World, site: Site) -> tuple[int, str]:
    """Status code and the body's ``status`` of a reachable site's endpoint."""
    if world.corrupt_since(site) is not None:
        return 500, "degraded"
    if not world.pg_is_primary(site):
        return 503, "fenced" if isinstance(world.pg.state(site), Down) else "standby"
    if world.deployment(site, "erlmcp")[0] == 0:
        return 503, "unavailable"
    return 200, "ok"


def health_snapshot(world: World, site: Site) -> HealthSnapshot:
    """The endpoint's answer; a dead site answers nothing, which is an error, not a code.

    Site down: the load balancer's hosts are gone, so the TCP connect is refused.
    Region cut off: packets are dropped, so the request times out (``timed_out``, as the
    real adapter reports it). Either way ``status_code`` is None: there was no HTTP
    answer to report.
    """
    url = HEALTH_URLS[site]
    if world.site_down_since(site) is not None:
        return HealthSnapshot(observed_at=world.now, site=site, url=url,
                              error=CONNECTION_REFUSED)
    if not world.reachable(site):
        return HealthSnapshot(observed_at=world.now, site=site, url=url, timed_out=True,
                              error=timeout_message(HEALTH_TIMEOUT_S))
    code, status = _answer(world, site)
    noise = unit(world.seed, "latency", site, int(world.now.timestamp()))
    latency = round((18.0 if code == 200 else 6.0) + 25.0 * noise, 1)
    return HealthSnapshot(observed_at=world.now, site=site, url=url, status_code=code,
                          latency_ms=latency, reported_status=status)


def dns_snapshot(world: World) -> DnsSnapshot:
    """The record as resolvers see it: a change shows once the old answer's TTL ran out."""
    site = world.dns_site()
    return DnsSnapshot(observed_at=world.now, record=RECORD,
                       current_target=LOAD_BALANCERS[site],
                       ttl_s=int(DNS_TTL.total_seconds()), points_at=site)
