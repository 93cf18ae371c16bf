"""The last-seen primary position: recorded atomically by the incident monitor, read back
checked and bounded, carried by the poller apart from its own data, and used by the judge
when the primary is silent — passing the data-loss gate only while younger than the RPO."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest

from console.actions import GateLevel, evaluate_gates
from console.actions.policy import ActionPolicy
from console.config.models import Mode
from console.judge.freshness import last_known
from console.live import last_seen
from console.live.last_seen import FILE_NAME, LastSeenRecorder
from console.live.poller import Poller
from console.live.readings import Reading
from console.plan.actions import PromotePostgres
from services.clock import FrozenClock
from services.models import PostgresSnapshot, Site, Snapshot
from services.postgres.lsn import int_to_lsn
from services.sources import Unreachable
from tests.unit.judge.world import NOW, World, ago

POLICY = ActionPolicy(rpo_postgres=timedelta(minutes=5))
PROMOTE_DR = PromotePostgres(kind="promote-postgres", site=Site.DR)


def primary(lsn: int, seen_s: float, **extra: object) -> PostgresSnapshot:
    return PostgresSnapshot.model_validate({
        "observed_at": ago(seen_s), "site": Site.PRIMARY, "node": "pg-primary",
        "role": "primary", "in_recovery": False, "timeline": 1,
        "current_lsn": int_to_lsn(lsn), **extra})


def fresh_console(seen: PostgresSnapshot | None, lacking: int = 49 * 1024) -> World:
    """A console started after the primary died: it never polled the primary with success,
    an earlier console recorded ``seen``; the DR standby stopped receiving."""
    world = World().pg_standby(Site.DR, received=0x9000000 - lacking, connected=False,
                               heard_s=104)
    world.readings["postgres/primary"] = Reading(
        source="postgres/primary", checked_at=NOW, error="unreachable: connection refused",
        remembered=seen)
    return world


def data_loss(world: World) -> tuple[GateLevel, str]:
    gate = {g.name: g for g in evaluate_gates(PROMOTE_DR, Mode.INCIDENT, world.readings,
                                              NOW, POLICY)}["data-loss"]
    return gate.level, gate.message


def test_never_seen_blocks_as_unknown() -> None:
    level, said = data_loss(fresh_console(None))
    assert level is GateLevel.BLOCKING and said.startswith("data-loss exposure unknown")


def test_recent_last_seen_passes_stating_a_lower_bound_and_its_age() -> None:
    level, said = data_loss(fresh_console(primary(0x9000000, 180)))
    assert level is GateLevel.OK, said
    assert "failover loses at least ~49.0 KiB" in said
    assert "primary last seen 3m ago (recorded by an earlier console); RPO 5m" in said


def test_last_seen_older_than_the_rpo_blocks_with_that_reason() -> None:
    level, said = data_loss(fresh_console(primary(0x9000000, 20 * 60)))
    assert level is GateLevel.BLOCKING
    assert said.startswith("data-loss exposure: primary last seen 20m ago, longer than the "
                           "RPO 5m: what it wrote since is unknown")
    unbounded = {g.name: g for g in evaluate_gates(
        PROMOTE_DR, Mode.INCIDENT, fresh_console(primary(0x9000000, 6 * 60)).readings, NOW,
        ActionPolicy())}["data-loss"]  # no RPO: the 5-minute fallback
    assert unbounded.level is GateLevel.BLOCKING and "5m (no RPO in the plan)" in \
        unbounded.message


def test_this_consoles_own_observation_is_not_aged_out() -> None:
    """It watched the primary go silent: where it stopped answering bounds the loss at any
    age (the runbook promotes minutes after the failure), as before last-seen existed."""
    world = World().pg_primary(Site.PRIMARY, lsn=0x9000000).pg_standby(
        Site.DR, received=0x9000000 - 4096, connected=False, heard_s=104)
    level, said = data_loss(world.fail("postgres/primary", "unreachable", 20 * 60))
    assert level is GateLevel.OK, said
    assert said.endswith("primary last seen 20m ago; RPO 5m")


def test_recorder_writes_primaries_only_and_load_reads_them_back(tmp_path: Path) -> None:
    recorder = LastSeenRecorder(tmp_path, {})
    standby = fresh_console(None).readings["postgres/dr"].snapshot
    recorder.observe(standby)
    assert not (tmp_path / FILE_NAME).exists()
    recorder.observe(primary(0x9000000, 60, last_archived_at=ago(90)))
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]  # no temporary file left
    got = last_seen.load(tmp_path, NOW)[Site.PRIMARY].snapshot
    assert (got.current_lsn, got.observed_at, got.timeline) == ("0/9000000", ago(60), 1)
    assert got.last_archived_at == ago(90) and got.in_recovery is False
    recorder.observe(primary(0x9000100, 58))  # moved: rewritten at once
    assert last_seen.load(tmp_path, NOW)[Site.PRIMARY].snapshot.current_lsn == "0/9000100"


@pytest.mark.parametrize("record", [
    {"node": "pg", "timeline": 1, "current_lsn": "0/9000000; DROP", "observed_at":
     "2026-03-01T02:59:00+00:00"},
    {"node": "pg", "timeline": 0, "current_lsn": "0/9000000", "observed_at":
     "2026-03-01T02:59:00+00:00"},
    {"node": "pg", "timeline": 1, "current_lsn": "0/9000000", "observed_at":
     "2026-03-01T02:59:00"},  # naive: whose clock?
    {"node": "pg", "timeline": 1, "current_lsn": "0/9000000", "observed_at":
     "2026-03-01T04:00:00+00:00"},  # an hour in the future
    {"node": "x" * 500, "timeline": 1, "current_lsn": "0/9000000", "observed_at":
     "2026-03-01T02:59:00+00:00"},
    "not a record",
])
def test_a_bad_record_is_ignored(tmp_path: Path, record: object) -> None:
    good = {"node": "pg-dr", "timeline": 2, "current_lsn": "0/A000000",
            "observed_at": "2026-03-01T02:58:00+00:00"}
    (tmp_path / FILE_NAME).write_text(json.dumps({"postgres": {"primary": record,
                                                               "dr": good}}))
    found = last_seen.load(tmp_path, NOW)
    assert Site.PRIMARY not in found and found[Site.DR].snapshot.current_lsn == "0/A000000"


def test_hostile_files_are_nothing(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    for text in ("{", "[]", '{"postgres": []}', " " * 5000 + "{}"):
        path.write_text(text)
        assert last_seen.load(tmp_path, NOW) == {}
    path.write_text(json.dumps({"postgres": {"primary": {
        "node": "pg\x1b[31m\nred", "timeline": 1, "current_lsn": "0/1",
        "observed_at": "2026-03-01T02:59:00+00:00"}}}))
    node = last_seen.load(tmp_path, NOW)[Site.PRIMARY].snapshot.node
    assert "\x1b" not in node and "\n" not in node


class Dark:
    """A source that never answers (the primary, dead before this console started)."""

    name = "postgres/primary"

    async def poll(self) -> Snapshot:
        raise Unreachable("connection refused")


def test_the_poller_keeps_what_was_remembered_apart_from_its_own_data() -> None:
    clock = FrozenClock(NOW)
    poller = Poller([Dark()], lambda _: 60.0, 1.0, clock, lambda _: None)
    poller.remember("postgres/primary", primary(0x9000000, 180))
    poller.remember("postgres/elsewhere", primary(0x1, 1))  # not polled: ignored
    asyncio.run(poller.poll_once())
    reading = poller.latest["postgres/primary"]
    assert reading.snapshot is None and reading.age_s(NOW) is None  # not its own data
    assert reading.error is not None and "connection refused" in reading.error
    seen = last_known(poller.latest, "postgres/primary", PostgresSnapshot)
    assert seen is not None and seen.current_lsn == "0/9000000"
    assert "postgres/elsewhere" not in poller.latest
