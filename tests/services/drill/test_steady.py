"""Steady state: both sites healthy, replication streaming, everything deterministic."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from services.clock import FrozenClock, WarpedClock
from services.drill import SCENARIO_NAMES, SOURCE_NAMES, DrillEnvironment, drill_sources
from services.models import (
    ClusterSnapshot,
    DnsSnapshot,
    HealthSnapshot,
    PostgresRole,
    PostgresSnapshot,
    RedisRole,
    RedisSnapshot,
    Site,
)
from tests.services.drill.conftest import PLAN, START, MakeEnv, poll


async def test_sources_have_the_documented_names(make_env: MakeEnv) -> None:
    names = [source.name for source in drill_sources(make_env())]
    assert names == list(SOURCE_NAMES)
    assert len(set(names)) == 10


async def test_steady_state_is_healthy(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env()
    clock.advance(timedelta(minutes=30))
    primary = await poll(env, "cluster/primary")
    assert isinstance(primary, ClusterSnapshot)
    assert (primary.nodes_ready, primary.nodes_total) == (3, 3)
    ready = {(d.name, d.ready_replicas, d.desired_replicas) for d in primary.deployments}
    assert ready == {("erlmcp", 3, 3), ("postgres", 1, 1), ("redis", 1, 1)}
    assert primary.problem_pods == () and primary.warnings == ()
    dr = await poll(env, "cluster/dr")
    assert isinstance(dr, ClusterSnapshot)
    assert {(d.name, d.ready_replicas, d.desired_replicas) for d in dr.deployments} == {
        ("erlmcp", 0, 0), ("postgres", 1, 1), ("redis", 1, 1)}

    pg = await poll(env, "postgres/primary")
    assert isinstance(pg, PostgresSnapshot)
    assert pg.role is PostgresRole.PRIMARY and not pg.in_recovery and pg.error is None
    assert len(pg.replication) == 1 and pg.replication[0].state == "streaming"
    standby = await poll(env, "postgres/dr")
    assert isinstance(standby, PostgresSnapshot)
    assert standby.role is PostgresRole.STANDBY and standby.in_recovery
    assert standby.wal_receiver_connected is True
    assert standby.lag_bytes is not None and 0 < standby.lag_bytes < 1_000_000
    assert standby.lag_s is not None and standby.lag_s < 1.0

    replica = await poll(env, "redis/dr")
    assert isinstance(replica, RedisSnapshot)
    assert replica.role is RedisRole.REPLICA and replica.link_up is True
    assert replica.lag_bytes is not None and replica.lag_bytes < 10_000
    master = await poll(env, "redis/primary")
    assert isinstance(master, RedisSnapshot)
    assert master.role is RedisRole.MASTER and master.connected_replicas == 1

    health_primary = await poll(env, "health/primary")
    assert isinstance(health_primary, HealthSnapshot) and health_primary.ok
    health_dr = await poll(env, "health/dr")
    assert isinstance(health_dr, HealthSnapshot)
    assert (health_dr.status_code, health_dr.reported_status) == (503, "standby")
    assert not health_dr.ok
    dns = await poll(env, "dns")
    assert isinstance(dns, DnsSnapshot)
    assert dns.record == "api.erlmcp.com" and dns.points_at is Site.PRIMARY


async def test_lsn_format_and_advance(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env()
    first = env.postgres(Site.PRIMARY)
    assert first.current_lsn == "0/3000060"
    clock.advance(timedelta(seconds=10))
    later = env.postgres(Site.PRIMARY)
    assert later.current_lsn is not None
    hi, lo = later.current_lsn.split("/")
    assert (int(hi, 16) << 32) + int(lo, 16) > 0x3000060 + 10_000_000  # >1 MB/s written
    assert later.observed_at == START + timedelta(seconds=10)


async def test_same_seed_gives_identical_snapshots(clock: FrozenClock) -> None:
    a = DrillEnvironment(clock, seed=7, plan=PLAN)
    b = DrillEnvironment(clock, seed=7, plan=PLAN)
    other = DrillEnvironment(clock, seed=8, plan=PLAN)
    clock.advance(timedelta(minutes=17, seconds=3))
    snaps_a = [await s.poll() for s in drill_sources(a)]
    snaps_b = [await s.poll() for s in drill_sources(b)]
    snaps_other = [await s.poll() for s in drill_sources(other)]
    assert snaps_a == snaps_b
    assert snaps_a != snaps_other


def test_unknown_scenario_lists_the_known_ones(clock: FrozenClock) -> None:
    with pytest.raises(ValueError, match="unknown drill scenario 'meteor'") as info:
        DrillEnvironment(clock, scenario="meteor", plan=PLAN)
    for name in SCENARIO_NAMES:
        assert name in str(info.value)
    assert set(SCENARIO_NAMES) == {
        "steady", "datacenter-failure", "database-corruption", "regional-outage"}


async def test_warped_clock_moves_the_drill_without_a_task() -> None:
    clock = WarpedClock(START, speed=1200.0)  # 0.1 s real = 2 min simulated
    env = DrillEnvironment(clock, scenario="datacenter-failure", plan=PLAN)
    assert env.health(Site.PRIMARY).ok
    await asyncio.sleep(0.15)
    assert env.health(Site.PRIMARY).error == "connection refused"
