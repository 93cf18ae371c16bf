"""The rollback play's gates, checked before anything runs: the fence carries the
standby-in-sync gate, and the promotions' split-brain gates are left to their steps only
because the play fences DR first (a failover, which fences nothing, still reports them)."""

from __future__ import annotations

from pathlib import Path

from console.actions import DrillOperations
from console.actions.policy import ActionPolicy
from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.models import Mode
from console.incident.context import SessionContext
from console.incident.play import blocking_gates
from console.incident.session import IncidentSession
from console.plan import load_plan
from services.clock import FrozenClock
from services.drill import DrillEnvironment
from services.models import RedisRole, Site
from tests.unit.judge.world import NOW, World

PLAN = load_plan()
MIB = 1024 * 1024


def probe(tmp: Path, world: World) -> IncidentSession:
    clock = FrozenClock(NOW)
    env = DrillEnvironment(FrozenClock(DRILL_EPOCH), scenario="steady", plan=drill_plan(PLAN))
    ctx = SessionContext(PLAN, Mode.INCIDENT, clock, "alice", tmp / "journal",
                         readings=lambda: world.readings, operations=DrillOperations(env),
                         policy=ActionPolicy())
    return IncidentSession.new(ctx)


def after_failover(lacking: int) -> World:
    return (World().dns(Site.DR).health(Site.DR).health(Site.PRIMARY, 503, "standby")
            .pg_primary(Site.DR, lsn=0x9000000, timeline=2)
            .pg_standby(Site.PRIMARY, received=0x9000000 - lacking, timeline=2)
            .redis(Site.DR, RedisRole.MASTER, offset=5000)
            .redis(Site.PRIMARY, RedisRole.REPLICA, replica_offset=5000))


def test_rollback_in_sync_has_no_blocking_gate_up_front(tmp_path: Path) -> None:
    assert blocking_gates(probe(tmp_path, after_failover(0)), PLAN.play("rollback")) == []


def test_rollback_with_a_lagging_standby_is_stopped_by_the_fence(tmp_path: Path) -> None:
    found = blocking_gates(probe(tmp_path, after_failover(5 * MIB)), PLAN.play("rollback"))
    assert len(found) == 2, found  # the fence's gate, and the promote's own data gate
    assert found[1].startswith("rollback-promote-postgres: data-loss: data-loss exposure: "
                               "postgres/primary has not received 5.0 MiB")
    assert found[0].startswith("rollback-demote-dr: standby-in-sync: standby not in sync: "
                               "postgres/primary lacks 5.0 MiB of WAL")


def test_a_failover_still_reports_split_brain_up_front(tmp_path: Path) -> None:
    steady = (World().dns(Site.PRIMARY).health(Site.DR, 503, "standby")
              .pg_primary(Site.PRIMARY, lsn=0x5000000).pg_standby(Site.DR)
              .redis(Site.PRIMARY, RedisRole.MASTER).redis(Site.DR, RedisRole.REPLICA))
    found = blocking_gates(probe(tmp_path, steady), PLAN.play("failover"))
    assert any(line.startswith("failover-promote-postgres: split-brain") for line in found)
