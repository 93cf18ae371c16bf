"""The truth rules for sites: a site serves only when DNS points at it, its health answers
OK and its PostgreSQL is writable; an unobserved fact is UNKNOWN, never a claim."""

from __future__ import annotations

from console.judge.model import Status
from console.judge.sites import SiteState, judge_site, serving_site
from services.models import RedisRole, Site
from tests.unit.judge.world import NOW, steady


def test_steady_primary_serves_and_dr_stands_by() -> None:
    world = steady()
    primary = judge_site(world.readings, Site.PRIMARY, NOW)
    dr = judge_site(world.readings, Site.DR, NOW)
    assert (primary.state, primary.status) == (SiteState.SERVING, Status.MET)
    assert (dr.state, dr.status) == (SiteState.STANDBY, Status.MET)
    assert serving_site(world.readings, NOW) is Site.PRIMARY


def test_dns_moved_to_a_standby_database_is_not_serving_and_says_what_is_missing() -> None:
    """The lab case: DNS -> dr, DR health 200, but DR PostgreSQL still a read-only standby."""
    world = steady().dns(Site.DR).health(Site.DR, 200, "ok")
    dr = judge_site(world.readings, Site.DR, NOW)
    assert dr.state is SiteState.NOT_SERVING and dr.status is Status.BREACHED
    assert dr.reason == "DNS -> dr, not serving: postgres read-only"
    assert serving_site(world.readings, NOW) is None


def test_a_dead_site_that_dns_still_points_at_is_not_drawn_serving() -> None:
    world = (steady().fail("health/primary", "connection refused")
             .fail("postgres/primary").fail("redis/primary").fail("cluster/primary"))
    primary = judge_site(world.readings, Site.PRIMARY, NOW)
    assert primary.state is not SiteState.SERVING
    assert primary.status is Status.UNKNOWN
    assert "health/primary stale 1m: connection refused" in primary.reason
    assert primary.parts["dns"].status is Status.UNKNOWN  # the DNS line carries the verdict


def test_refused_health_is_a_fact_but_a_timeout_is_not() -> None:
    refused = steady().health(Site.PRIMARY, None, error="connection refused")
    verdict = judge_site(refused.readings, Site.PRIMARY, NOW)
    assert verdict.health_ok is False and verdict.status is Status.BREACHED
    assert "health no answer: connection refused" in verdict.reason
    timed_out = steady().health(Site.PRIMARY, None, error="timeout after 5s", timed_out=True)
    verdict = judge_site(timed_out.readings, Site.PRIMARY, NOW)
    assert verdict.health_ok is None and verdict.state is SiteState.UNKNOWN
    assert verdict.reason.startswith("DNS -> primary, cannot tell if it serves:")


def test_both_sites_writable_is_split_brain_on_both_cards() -> None:
    world = steady().pg_primary(Site.DR).redis(Site.DR, RedisRole.MASTER)
    for site in Site:
        verdict = judge_site(world.readings, site, NOW)
        assert verdict.status is Status.BREACHED
        assert verdict.reason.startswith("split brain: postgres writable on both sites")
        assert verdict.parts["postgres"].status is Status.BREACHED


def test_dns_unknown_never_yields_serving() -> None:
    world = steady().fail("dns")
    for site in Site:
        assert judge_site(world.readings, site, NOW).state is SiteState.UNKNOWN
    assert serving_site(world.readings, NOW) is None


def test_a_standby_site_without_nodes_is_down() -> None:
    world = steady().cluster(Site.DR, nodes_ready=0, app_ready=0)
    dr = judge_site(world.readings, Site.DR, NOW)
    assert dr.state is SiteState.DOWN and dr.status is Status.AT_RISK
    assert dr.reason == "down: 0/3 nodes ready (DNS -> primary)"


def test_the_card_summary_names_what_is_missing_in_a_few_words() -> None:
    world = steady().health(Site.PRIMARY, 503, "down").fail("postgres/primary")
    primary = judge_site(world.readings, Site.PRIMARY, NOW)
    assert primary.summary == "DNS -> primary, not serving: health HTTP 503 down, postgres unknown"
    assert "postgres/primary stale 1m: timeout after 4s" in primary.reason  # the full story
