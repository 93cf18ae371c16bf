"""The database-corruption and regional-outage drills."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.clock import FrozenClock
from services.models import DnsSnapshot, HealthSnapshot, PostgresSnapshot, Site
from services.sources import Unreachable
from tests.services.drill.conftest import START, MakeEnv, poll


def postgres_pod_restarts(snapshot_pods: tuple[object, ...]) -> int:
    return sum(getattr(p, "restarts", 0) for p in snapshot_pods)


async def test_corruption_at_three_minutes(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("database-corruption")
    clock.set(START + timedelta(minutes=2, seconds=59))
    assert env.health(Site.PRIMARY).ok
    assert env.cluster(Site.PRIMARY).warnings == ()
    clock.set(START + timedelta(minutes=3))
    health = await poll(env, "health/primary")
    assert isinstance(health, HealthSnapshot)
    assert (health.status_code, health.reported_status) == (500, "degraded")
    assert not health.ok
    cluster = env.cluster(Site.PRIMARY)
    assert "DataCorruption" in {w.reason for w in cluster.warnings}
    postgres = next(d for d in cluster.deployments if d.name == "postgres")
    assert (postgres.ready_replicas, postgres.desired_replicas) == (0, 1)
    crashing = [p for p in cluster.problem_pods if p.reason == "CrashLoopBackOff"]
    assert len(crashing) == 1 and crashing[0].name.startswith("postgres-")
    pg = await poll(env, "postgres/primary")  # answers between crashes, with the error
    assert isinstance(pg, PostgresSnapshot) and pg.error is not None
    assert "invalid page" in pg.error


async def test_crash_loop_restarts_grow(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("database-corruption")
    counts = []
    for minutes in (4, 8, 20):
        clock.set(START + timedelta(minutes=minutes))
        pods = env.cluster(Site.PRIMARY).problem_pods
        counts.append(postgres_pod_restarts(pods))
    assert counts[0] < counts[1] < counts[2]


async def test_restore_clears_the_corruption(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("database-corruption")
    clock.set(START + timedelta(minutes=5))
    assert env.postgres(Site.DR).wal_receiver_connected is False
    ticket = await env.restore("postgres-full", "s3-region-2")
    assert ticket.site is Site.PRIMARY
    assert ticket.completes_at - ticket.requested_at == timedelta(minutes=4)
    clock.advance(timedelta(minutes=3, seconds=59))
    assert not env.health(Site.PRIMARY).ok
    clock.advance(timedelta(seconds=1))
    assert env.health(Site.PRIMARY).ok
    restored = env.postgres(Site.PRIMARY)
    assert restored.error is None and restored.timeline == 2
    assert env.cluster(Site.PRIMARY).problem_pods == ()


async def test_restore_from_tape_is_slower(make_env: MakeEnv) -> None:
    env = make_env("database-corruption")
    ticket = await env.restore("postgres-full", "tape")
    assert ticket.completes_at - ticket.requested_at == timedelta(minutes=12)
    with pytest.raises(ValueError):
        await env.restore("postgres-wal", "tape")  # continuous streams are not on tape


async def test_regional_outage(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("regional-outage")
    clock.set(START + timedelta(minutes=1, seconds=59))
    assert all(e.error is None for e in env.backups().entries)
    clock.set(START + timedelta(minutes=2))
    health = await poll(env, "health/primary")
    assert isinstance(health, HealthSnapshot) and not health.ok
    assert health.status_code is None and health.error is not None
    assert health.timed_out and health.error == "timeout after 5s"
    backups = env.backups().entries
    failing = {e.target for e in backups if e.error == "unreachable"}
    assert failing == {"s3-region-1", "azure-region-1"}
    assert all(e.latest_at is not None for e in backups if e.target == "s3-region-2")
    dns = await poll(env, "dns")
    assert isinstance(dns, DnsSnapshot) and dns.points_at is Site.PRIMARY
    with pytest.raises(Unreachable):
        await poll(env, "cluster/primary")
    with pytest.raises(Unreachable):
        await env.restore("postgres-full", "s3-region-1")
