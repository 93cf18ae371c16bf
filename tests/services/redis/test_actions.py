"""Promotion, persistence actions and the read-only guard."""

from __future__ import annotations

import asyncio
import time

import pytest

from console.lab.redis_lab import RedisLab
from services.models import RedisRole
from services.sources import ReadOnlyRefused
from tests.services.redis.conftest import source


async def test_read_only_refuses_every_mutation(redis_lab: RedisLab) -> None:
    watcher = source(redis_lab.replica_url, read_only=True)
    for action in (watcher.promote, watcher.rewrite_aof, watcher.bgsave):
        with pytest.raises(ReadOnlyRefused):
            await action()
    assert (await watcher.poll()).role is RedisRole.REPLICA
    assert await watcher.dbsize() >= 0  # reading is still allowed


async def test_promote_makes_the_replica_a_writable_master(fresh_redis_lab: RedisLab) -> None:
    lab = fresh_redis_lab
    lab.client(lab.primary_port).set("before", "failover")
    deadline = time.monotonic() + 10  # replication is asynchronous: let the write arrive
    while lab.client(lab.replica_port).get("before") is None:
        assert time.monotonic() < deadline, "the replica never received the write"
        await asyncio.sleep(0.05)
    operator = source(lab.replica_url, read_only=False)
    message = await operator.promote()
    assert "promoted" in message
    snap = await operator.poll()
    assert snap.role is RedisRole.MASTER and snap.lag_bytes is None
    replica = lab.client(lab.replica_port)
    replica.set("after", "failover")
    assert replica.get("after") == "failover"
    assert await operator.dbsize() == 2


async def test_bgsave_and_aof_rewrite(fresh_redis_lab: RedisLab) -> None:
    lab = fresh_redis_lab
    operator = source(lab.replica_url, read_only=False)
    assert "AOF rewrite started" in await operator.rewrite_aof()
    deadline = time.monotonic() + 10
    while lab.client(lab.replica_port).info("persistence")["aof_rewrite_in_progress"]:  # type: ignore[index]
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)
    assert "background save started" in await operator.bgsave()
    deadline = time.monotonic() + 10
    while True:
        snap = await operator.poll()
        if snap.last_rdb_save_age_s is not None and snap.last_rdb_save_age_s < 5 and not \
                lab.client(lab.replica_port).info("persistence")["rdb_bgsave_in_progress"]:  # type: ignore[index]
            break
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)
    assert snap.rdb_last_status == "ok" and snap.aof_last_write_status == "ok"
    assert any(p.suffix == ".rdb" for p in (lab.base_dir / "replica").iterdir())
