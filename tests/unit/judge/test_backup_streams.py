"""Redis persistence and tape handovers, judged from what Redis and the journal say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.judge.backup_streams import redis_persistence, tape_cells
from console.judge.model import Status
from console.live.readings import Reading
from console.plan import load_plan
from services.models import RedisRole, RedisSnapshot

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def _readings(**fields: object) -> dict[str, Reading[RedisSnapshot]]:
    snap = RedisSnapshot.model_validate({"observed_at": NOW, "site": "primary", "node": "r",
                                         "role": RedisRole.MASTER, **fields})
    return {"redis/primary": Reading(source="redis/primary", snapshot=snap, checked_at=NOW)}


def test_redis_persistence_failures_are_breached() -> None:
    assert redis_persistence(_readings(aof_enabled=True), NOW).status is Status.MET
    bad = redis_persistence(_readings(rdb_last_status="err"), NOW)
    assert bad.status is Status.BREACHED and "RDB save err" in bad.reason
    aof = redis_persistence(_readings(aof_enabled=True, aof_last_write_status="err"), NOW)
    assert aof.status is Status.BREACHED and "AOF write err" in aof.reason


def test_redis_persistence_without_a_reading_is_unknown() -> None:
    assert redis_persistence({}, NOW).status is Status.UNKNOWN


def test_tape_is_judged_by_the_recorded_handover_per_schedule() -> None:
    plan = load_plan(None)
    none = {v.what: v for v in tape_cells(plan, [], NOW)}
    assert none["postgres-full on tape"].status is Status.BREACHED
    assert "no handover" in none["postgres-full on tape"].reason
    cells = {v.what: v for v in tape_cells(plan, [("tape", NOW - timedelta(hours=20))], NOW)}
    assert cells["postgres-full on tape"].status is Status.MET
    assert cells["postgres-incremental on tape"].status is Status.BREACHED  # hourly
    assert cells["user-data-full on tape"].status is Status.MET
    assert "postgres-wal on tape" not in cells  # the plan does not send WAL to tape
