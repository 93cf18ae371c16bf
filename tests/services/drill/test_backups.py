"""Backups land on schedule while a site produces them, and stop when it is lost."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from console.backends.drill_plan import drill_plan
from services.clock import FrozenClock
from services.drill import DrillEnvironment
from services.models import BackupEntry, Site
from tests.services.drill.conftest import PLAN, START, MakeEnv, renamed_plan


def entries(env: DrillEnvironment, component: str) -> list[BackupEntry]:
    return [e for e in env.backups().entries if e.component == component]


def test_every_schedule_in_every_store(make_env: MakeEnv) -> None:
    snapshot = make_env().backups()
    pairs = {(e.component, e.target) for e in snapshot.entries}
    assert len(PLAN.schedules) == 9
    assert ("postgres-full", "tape") in pairs and ("postgres-wal", "tape") not in pairs
    assert ("redis-aof", "tape") not in pairs
    assert len(pairs) == 9 * 6 - 2


async def test_latest_backup_within_its_interval(make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env()
    for minutes in (0, 23, 61, 300):
        clock.set(START + timedelta(minutes=minutes))
        now = clock.now()
        for entry in entries(env, "postgres-incremental"):
            assert entry.latest_at is not None
            assert now - timedelta(hours=1) < entry.latest_at <= now
            assert entry.count_in_retention == 24  # a day's worth kept
        for entry in entries(env, "postgres-full"):
            assert entry.latest_at is not None and now - entry.latest_at < timedelta(days=1)
        for entry in entries(env, "user-data-full"):
            assert entry.latest_at is not None and now - entry.latest_at < timedelta(weeks=1)
        for entry in entries(env, "postgres-wal"):
            assert entry.latest_at is not None and now - entry.latest_at < timedelta(minutes=1)


def test_sizes_are_deterministic_by_seed(clock: FrozenClock) -> None:
    def sizes(seed: int) -> list[int | None]:
        env = DrillEnvironment(clock, seed=seed, plan=PLAN)
        return [e.latest_size_bytes for e in env.backups().entries]

    assert sizes(3) == sizes(3)
    assert sizes(3) != sizes(4)
    full = entries(DrillEnvironment(clock, plan=PLAN), "user-data-full")[0].latest_size_bytes
    assert full is not None and 180 << 30 < full < 240 << 30


async def test_no_backup_newer_than_the_failure(make_env: MakeEnv, clock: FrozenClock) -> None:
    """The primary lost for good (the regional outage; the datacenter failure's primary
    comes back at T+45m): nothing newer than the failure ever lands in a store that
    answers."""
    env = make_env("regional-outage")
    failure = START + timedelta(minutes=2)
    clock.set(failure - timedelta(seconds=1))
    before = {(e.component, e.target): e.latest_at for e in env.backups().entries}
    for hours in (1, 3, 30):
        clock.set(failure + timedelta(hours=hours))
        snapshot = env.backups()
        for entry in snapshot.entries:
            if entry.error is not None:  # a store of the primary's region, cut off
                continue
            # Past its retention a schedule's last backup expires (None): never newer.
            assert entry.latest_at is None or entry.latest_at <= failure
            assert entry.latest_at is not None or hours > 24
        newest = max(e.latest_at for e in snapshot.entries if e.latest_at)
        assert newest <= failure
    after = {(e.component, e.target): e.latest_at for e in env.backups().entries}
    assert after[("postgres-wal", "nas")] == before[("postgres-wal", "nas")]


async def test_backups_resume_when_the_primary_is_back(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    """Datacenter failure with no failover: nothing new while the primary is down, WAL
    archived again within minutes of its return (T+45m)."""
    env = make_env("datacenter-failure")
    failure = START + timedelta(minutes=2)
    clock.set(START + timedelta(minutes=44))
    assert all(e.latest_at is None or e.latest_at <= failure for e in env.backups().entries)
    clock.set(START + timedelta(minutes=50))
    wal = next(e for e in entries(env, "postgres-wal") if e.target == "nas")
    assert wal.latest_at is not None and clock.now() - wal.latest_at < timedelta(minutes=1)


async def test_backups_resume_from_dr_after_promotion(
        make_env: MakeEnv, clock: FrozenClock) -> None:
    env = make_env("datacenter-failure")
    clock.set(START + timedelta(minutes=10))
    await env.promote_postgres(Site.DR)
    clock.advance(timedelta(hours=2))
    wal = next(e for e in entries(env, "postgres-wal") if e.target == "nas")
    assert wal.latest_at is not None and clock.now() - wal.latest_at < timedelta(minutes=1)



async def test_a_drill_plays_the_loaded_plans_backups(clock: FrozenClock, tmp_path: Path) -> None:
    """A schedule and a store renamed in the plan are what the drill's stores list, and a
    regional outage cuts off the renamed primary-region store."""
    plan = drill_plan(renamed_plan(tmp_path))
    env = DrillEnvironment(clock, plan=plan, scenario="regional-outage")
    pairs = {(e.component, e.target) for e in env.backups().entries}
    assert ("pg-nightly", "s3-eu-west") in pairs and ("pg-nightly", "tape") in pairs
    assert not any("postgres-full" in p or "s3-region-1" in p for p in pairs)
    await env.restore("pg-nightly", "nas")  # a PostgreSQL schedule, restored into the primary
    assert env.actions[-1].site is Site.PRIMARY and env.actions[-1].component == "pg-nightly"
    with pytest.raises(ValueError, match="postgres-full"):
        await env.restore("postgres-full", "nas")
    clock.advance(timedelta(minutes=3))  # the primary region's network is down since 2m
    cut = {e.target for e in env.backups().entries if e.error is not None}
    assert cut == {"s3-eu-west", "azure-region-1"}


async def test_the_redis_master_reports_saves_of_the_plans_redis_schedule(
        clock: FrozenClock, tmp_path: Path) -> None:
    """Whatever the plan calls its Redis snapshot schedule, it is the master's RDB save."""
    env = DrillEnvironment(clock, plan=drill_plan(renamed_plan(tmp_path)))
    clock.advance(timedelta(hours=2))
    master = env.redis(Site.PRIMARY)
    assert master.last_rdb_save_age_s is not None and master.last_rdb_save_age_s <= 3600
