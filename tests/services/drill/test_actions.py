"""Actions take simulated time: they are recorded at once and take effect on the clock."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from services.clock import FrozenClock
from services.drill import ActionKind, DrillEnvironment
from services.models import Site
from tests.services.drill.conftest import PLAN, MakeEnv


def erlmcp(env: DrillEnvironment, site: Site) -> tuple[int, int]:
    row = next(d for d in env.cluster(site).deployments if d.name == "erlmcp")
    return row.ready_replicas, row.desired_replicas


async def test_scale_up_ramps_one_replica_per_15s(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env()
    ticket = await env.scale(Site.DR, "erlmcp", "erlmcp", 3)
    assert ticket.completes_at - ticket.requested_at == timedelta(seconds=45)
    seen = []
    for _ in range(4):
        seen.append(erlmcp(env, Site.DR))
        clock.advance(timedelta(seconds=15))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    pending = env.cluster(Site.DR)
    assert pending.pods_by_phase.get("Running", 0) == 5  # 3 erlmcp + postgres + redis


async def test_scale_reports_pending_pods_while_ramping(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env()
    await env.scale(Site.DR, "erlmcp", "erlmcp", 3)
    clock.advance(timedelta(seconds=20))
    snapshot = env.cluster(Site.DR)
    assert snapshot.pods_by_phase["Pending"] == 2
    assert {p.reason for p in snapshot.problem_pods} == {"ContainerCreating"}


async def test_scale_down_then_up_continues_from_current(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env()
    await env.scale(Site.PRIMARY, "erlmcp", "erlmcp", 0)
    clock.advance(timedelta(seconds=5))
    assert erlmcp(env, Site.PRIMARY) == (2, 0)
    await env.scale(Site.PRIMARY, "erlmcp", "erlmcp", 3)
    assert erlmcp(env, Site.PRIMARY) == (2, 3)
    clock.advance(timedelta(seconds=15))
    assert erlmcp(env, Site.PRIMARY) == (3, 3)


async def test_scale_to_zero_takes_primary_out_of_service(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env()
    await env.scale(Site.PRIMARY, "erlmcp", "erlmcp", 0)
    clock.advance(timedelta(seconds=15))
    health = env.health(Site.PRIMARY)
    assert (health.status_code, health.reported_status) == (503, "unavailable")


async def test_actions_return_at_once_without_sleeping(make_env: MakeEnv) -> None:
    env = make_env("datacenter-failure")
    started = time.monotonic()
    await env.scale(Site.DR, "erlmcp", "erlmcp", 3)
    await env.promote_postgres(Site.DR)
    await env.promote_redis(Site.DR)
    await env.rewrite_aof(Site.DR)
    await env.dns_failover()
    await env.dns_rollback()
    await env.restore("configuration-git", "s3-region-2")
    assert time.monotonic() - started < 0.5
    assert [t.kind for t in env.actions] == [
        ActionKind.SCALE, ActionKind.PROMOTE_POSTGRES, ActionKind.PROMOTE_REDIS,
        ActionKind.REWRITE_AOF, ActionKind.DNS_FAILOVER, ActionKind.DNS_ROLLBACK,
        ActionKind.RESTORE]


async def test_dns_rollback_after_failover(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env()
    await env.dns_failover()
    clock.advance(timedelta(seconds=60))
    assert env.dns().points_at is Site.DR
    await env.dns_rollback()
    clock.advance(timedelta(seconds=59))
    assert env.dns().points_at is Site.DR
    clock.advance(timedelta(seconds=1))
    assert env.dns().points_at is Site.PRIMARY


async def test_rewrite_aof_turns_persistence_on(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env()
    assert env.redis(Site.DR).aof_enabled is False
    await env.rewrite_aof(Site.DR)
    clock.advance(timedelta(seconds=29))
    assert env.redis(Site.DR).aof_enabled is False
    clock.advance(timedelta(seconds=1))
    assert env.redis(Site.DR).aof_enabled is True


@pytest.mark.parametrize(
    ("namespace", "deployment", "replicas"),
    [("default", "erlmcp", 1), ("erlmcp", "nginx", 1), ("erlmcp", "erlmcp", -1)])
async def test_bad_scale_requests_are_refused(
        make_env: MakeEnv, namespace: str, deployment: str, replicas: int) -> None:
    env = make_env()
    with pytest.raises(ValueError):
        await env.scale(Site.DR, namespace, deployment, replicas)
    assert env.actions == ()


async def test_read_only_environment_refuses_actions(clock: FrozenClock) -> None:
    env = DrillEnvironment(clock, read_only=True, plan=PLAN)
    with pytest.raises(PermissionError):
        await env.dns_failover()
    assert env.actions == ()
