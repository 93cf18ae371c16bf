"""The rollback's host-level steps: demote-site is gated on the other side's standby being
in sync (the judge's standby-in-sync fact), rebuild-standby on a writable source and on not
throwing away a database that takes writes; both are destructive and confirmed by the name
of the site service moves to; without a configured command the real backends refuse with
the manual procedure, and the drill says it has no host to act on."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from console.actions import GateLevel, evaluate_gates
from console.actions.describe import describe
from console.actions.gates import is_destructive, target_site
from console.actions.standby import NotSimulated, run_standby
from console.backends.real_ops import RealOperations
from console.config.models import Mode
from console.config.settings import Settings
from console.plan.actions import DemoteSite, RebuildStandby
from services.models import RedisRole, Site
from services.sources import SourceError
from tests.unit.judge.world import NOW, World

MIB = 1024 * 1024
DEMOTE_DR = DemoteSite(kind="demote-site", site=Site.DR)
REBUILD_DR = RebuildStandby(kind="rebuild-standby", site=Site.DR)


def after_failover(lacking: int = 0, *, connected: bool = True, link_up: bool = True,
                   redis_gap: int = 0) -> World:
    """DR serves; the primary site's PostgreSQL was rebuilt as DR's standby."""
    return (World().dns(Site.DR).health(Site.DR).health(Site.PRIMARY, 503, "standby")
            .pg_primary(Site.DR, lsn=0x9000000, timeline=2)
            .pg_standby(Site.PRIMARY, received=0x9000000 - lacking, connected=connected,
                        timeline=2)
            .redis(Site.DR, RedisRole.MASTER, offset=5000 + redis_gap)
            .redis(Site.PRIMARY, RedisRole.REPLICA, replica_offset=5000, link_up=link_up))


def gates(world: World, action: Any = DEMOTE_DR) -> dict[str, Any]:
    return {g.name: g for g in evaluate_gates(action, Mode.INCIDENT, world.readings, NOW)}


def test_demote_passes_when_the_standby_streams_and_lacks_little() -> None:
    gate = gates(after_failover(4096))["standby-in-sync"]
    assert gate.level is GateLevel.OK, gate.message
    assert "postgres/primary streams from postgres/dr and lacks 4.0 KiB" in gate.message


@pytest.mark.parametrize(("world", "said"), [
    (after_failover(5 * MIB), "postgres/primary lacks 5.0 MiB of WAL (> max_lag_on_failover"),
    (after_failover(connected=False), "not streaming from postgres/dr"),
    (after_failover(link_up=False), "redis/primary replica not in step: link down"),
    (after_failover(redis_gap=3 * MIB), "redis/primary replica not in step"),
])
def test_demote_blocks_when_the_standby_is_not_in_sync(world: World, said: str) -> None:
    gate = gates(world)["standby-in-sync"]
    assert gate.level is GateLevel.BLOCKING and said in gate.message, gate.message


def test_demote_blocks_when_the_old_primary_is_not_a_standby_or_not_seen() -> None:
    never_rebuilt = after_failover().pg_primary(Site.PRIMARY, lsn=0x5000000)
    gate = gates(never_rebuilt)["standby-in-sync"]
    assert gate.level is GateLevel.BLOCKING and "not a standby" in gate.message
    dark = after_failover().fail("postgres/primary", "unreachable: refused")
    gate = gates(dark)["standby-in-sync"]
    assert gate.level is GateLevel.BLOCKING and "cannot be judged" in gate.message
    writer_dark = after_failover().fail("postgres/dr", "timeout after 4s")
    gate = gates(writer_dark)["standby-in-sync"]
    assert gate.level is GateLevel.BLOCKING and "postgres/dr stale" in gate.message


def test_rebuild_needs_a_writable_source_and_never_replaces_a_writer() -> None:
    # DR fenced (stale), the primary promoted: rebuilding DR behind it is fine.
    ok = (World().pg_primary(Site.PRIMARY, timeline=3).pg_primary(Site.DR, timeline=2)
          .fail("postgres/dr", "unreachable: refused"))
    found = gates(ok, REBUILD_DR)
    assert {n: g.level for n, g in found.items()} == {
        "rebuild-source": GateLevel.OK, "rebuild-discards-writes": GateLevel.OK}
    found = gates(after_failover(), REBUILD_DR)  # DR still takes writes
    assert found["rebuild-discards-writes"].level is GateLevel.BLOCKING
    assert found["rebuild-source"].level is GateLevel.BLOCKING  # primary is a standby


def test_rebuild_never_clones_a_failing_primary() -> None:
    """A primary answering with an error (corrupt pages, a crash loop) is failing for the
    judge (site card, RTO): re-cloning the standby from it would copy the damage over the
    one good copy, so the gate blocks, saying why."""
    corrupt = "ERROR: invalid page in block 48213"
    world = (World().pg_primary(Site.PRIMARY, timeline=1)
             .pg_standby(Site.DR, timeline=1))
    snap = world.readings["postgres/primary"].snapshot
    assert snap is not None
    world.put("postgres/primary", snap.model_copy(update={"error": corrupt}))
    gate = gates(world, REBUILD_DR)["rebuild-source"]
    assert gate.level is GateLevel.BLOCKING, gate.message
    assert "postgres/primary is failing" in gate.message and corrupt in gate.message


def test_destructive_and_confirmed_by_the_site_service_moves_to() -> None:
    for action in (DEMOTE_DR, REBUILD_DR):
        assert is_destructive(action)
        assert target_site(action, {}) is Site.PRIMARY
    assert "[standby.dr] demote_command" in describe(DEMOTE_DR)
    assert "pg_basebackup or pg_rewind" in describe(REBUILD_DR)


def test_real_backends_run_only_a_configured_command(tmp_path: Path) -> None:
    bare = RealOperations(Settings(mode=Mode.INCIDENT, journal_dir=tmp_path), ())
    with pytest.raises(SourceError, match=r"\[standby.dr\] demote_command is not set"):
        asyncio.run(run_standby(DEMOTE_DR, bare))
    marker = tmp_path / "ran"
    settings = Settings.model_validate({
        "mode": "incident", "journal_dir": tmp_path,
        "standby": {"dr": {"rebuild_command": ["sh", "-c", f"echo rebuilt > {marker}; "
                                                "echo done: $0", "dr"]}}})
    said = asyncio.run(run_standby(REBUILD_DR, RealOperations(settings, ())))
    assert marker.read_text() == "rebuilt\n" and "done: dr" in said


def test_drill_has_no_host_to_rebuild() -> None:
    class DrillLike:  # operations without demote/rebuild, as the drill's
        pass

    with pytest.raises(NotSimulated, match="not simulated here"):
        asyncio.run(run_standby(REBUILD_DR, DrillLike()))  # type: ignore[arg-type]
