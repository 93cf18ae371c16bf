"""The drill's side of a rollback: the primary comes back (primary-recovered), demote-site
fences a site, rebuild-standby re-clones one as the other's standby, on the drill clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from services.clock import FrozenClock
from services.drill import DrillEnvironment
from services.drill.actions import ActionKind
from services.drill.history import Writer
from services.drill.scenarios import PRIMARY_RECOVERED_AT
from services.models import HealthSnapshot, PostgresRole, RedisRole, Site
from services.postgres.lsn import lsn_to_int
from services.sources import Unreachable
from tests.services.drill.conftest import PLAN, START, MakeEnv, poll

BACK = START + PRIMARY_RECOVERED_AT


async def _failed_over(env: DrillEnvironment, clock: FrozenClock) -> None:
    clock.set(START + timedelta(minutes=5))
    await env.promote_postgres(Site.DR)
    await env.promote_redis(Site.DR)


async def test_primary_back_without_failover_resumes_as_primary(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    clock.set(BACK - timedelta(seconds=1))
    with pytest.raises(Unreachable, match="site down"):
        await poll(env, "postgres/primary")
    clock.set(BACK + timedelta(minutes=2))  # pods rescheduled 15 s apiece
    primary = env.postgres(Site.PRIMARY)
    assert primary.role is PostgresRole.PRIMARY and primary.timeline == 1
    health = await poll(env, "health/primary")
    assert isinstance(health, HealthSnapshot) and health.ok
    assert env.postgres(Site.DR).wal_receiver_connected is True  # streaming again


async def test_primary_back_after_failover_rejoins_as_dr_standby(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    await _failed_over(env, clock)
    clock.set(BACK + timedelta(seconds=30))
    with pytest.raises(Unreachable, match="pg_rewind"):
        await poll(env, "postgres/primary")  # never a second primary, even for a moment
    clock.set(BACK + timedelta(minutes=3))
    standby, writer = env.postgres(Site.PRIMARY), env.postgres(Site.DR)
    assert standby.role is PostgresRole.STANDBY and standby.wal_receiver_connected
    assert standby.timeline == writer.timeline == 2
    assert standby.receive_lsn is not None and writer.current_lsn is not None
    assert 0 <= lsn_to_int(writer.current_lsn) - lsn_to_int(standby.receive_lsn) < 1 << 20
    redis = env.redis(Site.PRIMARY)
    assert redis.role is RedisRole.REPLICA and redis.link_up and (redis.lag_bytes or 0) < 4096
    health = await poll(env, "health/primary")
    assert isinstance(health, HealthSnapshot) and health.status_code == 503


async def test_demote_fences_and_loses_nothing(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    await _failed_over(env, clock)
    clock.set(BACK + timedelta(minutes=3))
    ticket = await env.demote_site(Site.DR)
    assert ticket.kind is ActionKind.DEMOTE_SITE
    with pytest.raises(ValueError, match="already fenced"):
        await env.demote_site(Site.DR)
    history = env.world().pg
    writer = history.state(Site.DR)
    assert isinstance(writer, Writer)
    final = history.position(writer, ticket.completes_at)  # where its writes stop
    clock.set(ticket.completes_at)
    for name in ("postgres/dr", "redis/dr"):
        with pytest.raises(Unreachable, match="fenced"):
            await poll(env, name)
    health = await poll(env, "health/dr")
    assert isinstance(health, HealthSnapshot)
    assert (health.status_code, health.reported_status) == (503, "fenced")
    clock.advance(timedelta(seconds=10))
    standby = env.postgres(Site.PRIMARY)
    assert standby.receive_lsn is not None and lsn_to_int(standby.receive_lsn) == final
    assert standby.wal_receiver_connected is False  # its source stopped, cleanly
    promote = await env.promote_postgres(Site.PRIMARY)
    clock.set(promote.completes_at)
    promoted = env.postgres(Site.PRIMARY)
    assert promoted.role is PostgresRole.PRIMARY and promoted.timeline == 3
    assert promoted.current_lsn is not None and lsn_to_int(promoted.current_lsn) == final


async def test_rebuild_follows_the_new_timeline_and_catches_up(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    await _failed_over(env, clock)
    clock.set(BACK + timedelta(minutes=3))
    with pytest.raises(ValueError, match="writable primary"):
        await env.rebuild_standby(Site.DR)  # DR still takes writes: fence it first
    fence = await env.demote_site(Site.DR)
    clock.set(fence.completes_at)
    await env.promote_postgres(Site.PRIMARY)
    await env.promote_redis(Site.PRIMARY)
    clock.advance(timedelta(seconds=30))
    ticket = await env.rebuild_standby(Site.DR)
    copy = ticket.completes_at - ticket.requested_at
    assert timedelta(minutes=3) < copy < timedelta(minutes=5)  # 42 GiB at 200 MiB/s
    clock.set(ticket.completes_at - timedelta(seconds=1))
    with pytest.raises(Unreachable, match="being rebuilt from primary"):
        await poll(env, "postgres/dr")
    clock.set(ticket.completes_at)
    fresh = env.postgres(Site.DR)
    primary = env.postgres(Site.PRIMARY)
    assert fresh.in_recovery and fresh.timeline == primary.timeline == 3
    assert fresh.receive_lsn is not None and primary.current_lsn is not None
    behind = lsn_to_int(primary.current_lsn) - lsn_to_int(fresh.receive_lsn)
    assert behind > 100 << 20  # what was written during the copy
    clock.advance(timedelta(seconds=30))
    caught = env.postgres(Site.DR)
    primary = env.postgres(Site.PRIMARY)
    assert caught.receive_lsn is not None and primary.current_lsn is not None
    assert lsn_to_int(primary.current_lsn) - lsn_to_int(caught.receive_lsn) < 1 << 20
    assert len(primary.replication) == 1 and env.redis(Site.DR).role is RedisRole.REPLICA


async def test_rebuild_time_is_proportional_to_the_data(clock: FrozenClock) -> None:
    bigger = replace(PLAN, schedules=tuple(
        replace(s, base_size_bytes=s.base_size_bytes * 4) for s in PLAN.schedules))
    times = []
    for plan in (PLAN, bigger):
        env = DrillEnvironment(clock, scenario="steady", plan=plan)
        await env.demote_site(Site.DR)
        clock.advance(timedelta(seconds=20))
        ticket = await env.rebuild_standby(Site.DR)
        times.append(ticket.completes_at - ticket.requested_at)
    assert 3.5 < times[1] / times[0] < 4.0


async def test_read_only_drill_refuses_demote_and_rebuild(clock: FrozenClock) -> None:
    env = DrillEnvironment(clock, scenario="steady", plan=PLAN, read_only=True)
    with pytest.raises(Exception, match="read-only"):
        await env.demote_site(Site.DR)
    with pytest.raises(Exception, match="read-only"):
        await env.rebuild_standby(Site.DR)
    assert env.actions == ()
