"""The datacenter-failure drill: the primary is lost at 2m, DR is promoted and serves."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.clock import FrozenClock
from services.drill import DrillEnvironment
from services.models import (
    DnsSnapshot,
    HealthSnapshot,
    PostgresRole,
    PostgresSnapshot,
    RedisRole,
    Site,
)
from services.sources import Unreachable
from tests.services.drill.conftest import START, MakeEnv, poll


def at(clock: FrozenClock, minutes: int = 0, seconds: int = 0) -> None:
    clock.set(START + timedelta(minutes=minutes, seconds=seconds))


async def test_primary_health_fails_exactly_at_two_minutes(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    at(clock, 1, 59)
    before = await poll(env, "health/primary")
    assert isinstance(before, HealthSnapshot) and before.ok
    at(clock, 2, 0)
    after = await poll(env, "health/primary")
    assert isinstance(after, HealthSnapshot) and not after.ok
    assert after.error == "connection refused" and after.status_code is None


async def test_primary_sources_are_unreachable_but_truth_shows_lost_nodes(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    at(clock, 3)
    for name in ("cluster/primary", "postgres/primary", "redis/primary"):
        with pytest.raises(Unreachable):
            await poll(env, name)
    truth = env.cluster(Site.PRIMARY)
    assert truth.nodes_ready == 0
    assert all(not pod.ready for pod in truth.problem_pods) and len(truth.problem_pods) == 5
    assert {w.reason for w in truth.warnings} == {"NodeNotReady"}
    assert (await poll(env, "cluster/dr")).error is None  # the DR site still answers


async def test_standby_lag_grows_and_received_wal_freezes(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    at(clock, 1)
    streaming = env.postgres(Site.DR)
    at(clock, 5)
    at_five = env.postgres(Site.DR)
    at(clock, 10)
    at_ten = env.postgres(Site.DR)
    assert at_five.wal_receiver_connected is False and at_five.last_wal_receipt_at is None
    assert at_five.lag_s is not None and at_ten.lag_s is not None
    assert at_five.lag_s == pytest.approx(180, abs=1)
    assert at_ten.lag_s > at_five.lag_s
    assert at_ten.receive_lsn == at_five.receive_lsn != streaming.receive_lsn
    # Cut off, the standby applies what it received: no replay backlog is left.
    assert streaming.replay_backlog_bytes and streaming.replay_backlog_bytes > 0
    assert at_ten.replay_backlog_bytes == at_five.replay_backlog_bytes == at_ten.lag_bytes == 0
    assert at_ten.replay_lsn == at_ten.receive_lsn
    redis = env.redis(Site.DR)
    assert redis.link_up is False
    assert redis.link_down_since_s == pytest.approx(480)  # down since the site died at 2m
    assert redis.primary_offset is None and redis.lag_bytes is None  # the master is gone
    assert redis.error is not None and "lag unknown" in redis.error


async def test_promote_ends_recovery_on_a_new_timeline(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    at(clock, 10)
    frozen_lsn = env.postgres(Site.DR).replay_lsn
    ticket = await env.promote_postgres(Site.DR)
    assert ticket.completes_at == clock.now() + timedelta(seconds=20)
    clock.advance(timedelta(seconds=19))
    assert env.postgres(Site.DR).role is PostgresRole.STANDBY  # not yet
    clock.advance(timedelta(seconds=1))
    promoted = await poll(env, "postgres/dr")
    assert isinstance(promoted, PostgresSnapshot)
    assert promoted.role is PostgresRole.PRIMARY
    assert not promoted.in_recovery and promoted.timeline == 2
    assert promoted.lag_s is None and promoted.lag_bytes is None
    assert promoted.current_lsn == frozen_lsn  # starts from what it had received
    clock.advance(timedelta(minutes=10))
    assert env.postgres(Site.DR).lag_s is None
    with pytest.raises(ValueError, match="already a primary"):
        await env.promote_postgres(Site.DR)


async def test_dr_serves_after_promote_scale_and_dns(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    at(clock, 5)
    await env.promote_postgres(Site.DR)
    await env.promote_redis(Site.DR)
    await env.scale(Site.DR, "erlmcp", "erlmcp", 3)
    await env.dns_failover()
    clock.advance(timedelta(seconds=30))
    health = await poll(env, "health/dr")
    assert isinstance(health, HealthSnapshot) and health.ok  # promoted, 2 pods ready
    early = await poll(env, "dns")
    assert isinstance(early, DnsSnapshot) and early.points_at is Site.PRIMARY  # TTL running
    clock.advance(timedelta(seconds=31))
    dns = await poll(env, "dns")
    assert isinstance(dns, DnsSnapshot) and dns.points_at is Site.DR
    assert env.redis(Site.DR).role is RedisRole.MASTER
    deployments = {d.name: d for d in env.cluster(Site.DR).deployments}
    assert deployments["erlmcp"].ready_replicas == 3


async def test_dr_not_ok_without_promotion(make_env: MakeEnv, clock: FrozenClock) -> None:
    env: DrillEnvironment = make_env("datacenter-failure")
    at(clock, 5)
    await env.scale(Site.DR, "erlmcp", "erlmcp", 3)
    await env.dns_failover()
    clock.advance(timedelta(minutes=5))
    health = env.health(Site.DR)
    assert not health.ok and health.reported_status == "standby"


async def test_actions_on_the_lost_site_are_refused(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    at(clock, 3)
    with pytest.raises(Unreachable):
        await env.scale(Site.PRIMARY, "erlmcp", "erlmcp", 0)
    assert env.actions == ()
