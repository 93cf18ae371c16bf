"""Each check kind: ok, failing, and unknown (never ok on stale or pending data)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import TypeAdapter

from console.actions import evaluate_check
from console.live.readings import Reading
from console.plan.checks import Check
from services.models import PostgresRole, PostgresSnapshot, RedisRole, RedisSnapshot, Site
from tests.unit.actions.rig import Rig

CHECK: TypeAdapter[Any] = TypeAdapter(Check)  # type: ignore[arg-type]


def check(**fields: Any) -> Any:
    return CHECK.validate_python(fields)


async def test_health_ok_failing_with_duration_and_stale() -> None:
    rig = Rig("datacenter-failure")
    await rig.poll()
    now = rig.clock.now()
    ok = evaluate_check(check(kind="health-ok", site="primary"), rig.poller.latest, now)
    assert ok.ok is True and ok.detail.startswith("primary health ok (HTTP 200")
    await rig.advance(6 * 60)
    failing = evaluate_check(check(kind="health-ok", site="primary"), rig.poller.latest,
                             rig.clock.now(), {"health/primary": now + timedelta(minutes=2)})
    assert failing.ok is False
    assert failing.detail == "primary health failing for 4m: no answer: connection refused"
    rig.env.fail("health/primary", "boom")
    await rig.advance(70)
    stale = evaluate_check(check(kind="health-ok", site="primary"), rig.poller.latest,
                           rig.clock.now())
    assert stale.ok is None
    assert stale.detail == "unknown: health/primary stale 1m10s: bad answer: boom"


async def test_stale_reading_is_unknown_even_if_its_last_snapshot_was_ok() -> None:
    rig = Rig()
    await rig.poll()
    assert evaluate_check(check(kind="health-ok", site="primary"), rig.poller.latest,
                          rig.clock.now()).ok is True
    rig.env.fail("health/primary", "timeout")
    await rig.poll()
    result = evaluate_check(check(kind="health-ok", site="primary"), rig.poller.latest,
                            rig.clock.now())
    assert result.ok is None and "stale" in result.detail


def test_pending_reading_is_unknown() -> None:
    rig = Rig()
    result = evaluate_check(check(kind="health-ok", site="dr"), rig.poller.latest,
                            rig.clock.now())
    assert result == result.model_copy(update={"ok": None})
    assert result.detail == "unknown: health/dr pending: not polled yet"


async def test_replication_lag_postgres_and_redis() -> None:
    rig = Rig("datacenter-failure")
    await rig.poll()
    now = rig.clock.now()
    pg = evaluate_check(check(kind="replication-lag", engine="postgres", max_lag="5m"),
                        rig.poller.latest, now)
    assert pg.ok is True and pg.detail.startswith("postgres/dr: failover loses")
    redis = evaluate_check(check(kind="replication-lag", engine="redis", max_lag="5m"),
                           rig.poller.latest, now)
    assert redis.ok is True and "link up" in redis.detail
    await rig.advance(3 * 60)  # primary gone: the standby sees its WAL receiver drop
    pg = evaluate_check(check(kind="replication-lag", engine="postgres", max_lag="5m"),
                        rig.poller.latest, rig.clock.now())
    assert pg.ok is False and "WAL receiver disconnected" in pg.detail
    rig.env.fail("postgres/dr", "timeout")
    await rig.poll()  # now neither site is fresh: nobody can say
    pg = evaluate_check(check(kind="replication-lag", engine="postgres", max_lag="5m"),
                        rig.poller.latest, rig.clock.now())
    assert pg.ok is None and pg.detail.startswith("unknown: postgres/primary stale")


def _reading(name: str, snapshot: Any, rig: Rig) -> Reading[Any]:
    return Reading(source=name, snapshot=snapshot, checked_at=rig.clock.now())


def test_replication_lag_over_limit_and_link_down_fail() -> None:
    rig = Rig()
    now = rig.clock.now()
    # 16 MiB written on the primary that the standby, last heard from 7m12s ago, lacks.
    lagging = PostgresSnapshot(observed_at=now, site=Site.DR, node="pg-dr", timeline=1,
                               role=PostgresRole.STANDBY, in_recovery=True,
                               receive_lsn="0/4000000", replay_lsn="0/4000000",
                               last_wal_receipt_at=now - timedelta(seconds=432),
                               wal_receiver_connected=True)
    primary = PostgresSnapshot(observed_at=now, site=Site.PRIMARY, node="pg-p", timeline=1,
                               role=PostgresRole.PRIMARY, in_recovery=False,
                               current_lsn="0/5000000")
    readings = {"postgres/primary": _reading("postgres/primary", primary, rig),
                "postgres/dr": _reading("postgres/dr", lagging, rig)}
    result = evaluate_check(check(kind="replication-lag", engine="postgres", max_lag="5m"),
                            readings, now)
    assert result.ok is False
    assert result.detail == "postgres/dr: failover loses 16.0 MiB / 7m12s of writes (> 5m)"
    replica = RedisSnapshot(observed_at=now, site=Site.DR, node="r", role=RedisRole.REPLICA,
                            link_up=False)
    master = RedisSnapshot(observed_at=now, site=Site.PRIMARY, node="m", role=RedisRole.MASTER)
    readings = {"redis/primary": _reading("redis/primary", master, rig),
                "redis/dr": _reading("redis/dr", replica, rig)}
    redis = evaluate_check(check(kind="replication-lag", engine="redis", max_lag="5m"),
                           readings, now)
    assert redis.ok is False and "link down" in redis.detail


async def test_deployment_ready_follows_a_scale() -> None:
    rig = Rig()
    await rig.poll()
    ready = check(kind="deployment-ready", site="dr", deployment="erlmcp", min_ready=3)
    before = evaluate_check(ready, rig.poller.latest, rig.clock.now())
    assert before.ok is False and before.detail == "erlmcp/erlmcp on dr: 0/0 ready (need 3)"
    await rig.env.scale(Site.DR, "erlmcp", "erlmcp", 3)
    await rig.advance(45)
    after = evaluate_check(ready, rig.poller.latest, rig.clock.now())
    assert after.ok is True and after.detail == "erlmcp/erlmcp on dr: 3/3 ready (need 3)"
    missing = check(kind="deployment-ready", site="dr", deployment="nope", min_ready=1)
    assert evaluate_check(missing, rig.poller.latest, rig.clock.now()).ok is False
    rig.env.fail("cluster/dr", "apiserver 500")
    await rig.poll()
    assert evaluate_check(ready, rig.poller.latest, rig.clock.now()).ok is None


async def test_backup_age() -> None:
    rig = Rig()
    await rig.poll()
    now = rig.clock.now()
    ok = evaluate_check(check(kind="backup-age", component="postgres-full", max_age="26h"),
                        rig.poller.latest, now)
    assert ok.ok is True and ok.detail.startswith("newest postgres-full backup in tape")
    old = evaluate_check(check(kind="backup-age", component="postgres-full", max_age="1h"),
                         rig.poller.latest, now)
    assert old.ok is False and "> 1h" in old.detail
    none = evaluate_check(check(kind="backup-age", component="nothing", max_age="1h"),
                          rig.poller.latest, now)
    assert none.ok is False and none.detail == "no backup of nothing found"
    rig.env.fail("backups", "s3 503")
    await rig.poll()
    stale = evaluate_check(check(kind="backup-age", component="postgres-full", max_age="26h"),
                           rig.poller.latest, now)
    assert stale.ok is None and stale.detail.startswith("unknown: backups stale")
