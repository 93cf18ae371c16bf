"""restore-postgres through the runner on the drill environment: gates, wording, the call."""

from __future__ import annotations

from typing import Any

from console.actions.describe import describe
from console.actions.gates import evaluate_gates
from console.actions.model import GateLevel, OutcomeStatus
from console.config.models import Mode
from console.plan.actions import RestorePostgres
from tests.unit.actions.rig import Rig, step

RESTORE = {"kind": "restore-postgres", "site": "primary", "component": "postgres-full",
           "store": "nas"}


def _gates(rig: Rig, **action: Any) -> dict[str, Any]:
    planned = RestorePostgres.model_validate({**RESTORE, **action})
    return {g.name: g for g in evaluate_gates(planned, Mode.DRILL, rig.poller.latest,
                                              rig.clock.now())}


async def test_restore_is_gated_on_a_listed_backup_in_that_store() -> None:
    rig = Rig()
    await rig.poll()
    assert _gates(rig)["backup-present"].level is GateLevel.OK
    missing = _gates(rig, store="moon")["backup-present"]
    assert missing.level is GateLevel.BLOCKING
    assert missing.message == "no backup of postgres-full in moon"


async def test_restore_before_any_poll_cannot_verify() -> None:
    rig = Rig()
    found = _gates(rig)
    assert found["backup-present"].level is GateLevel.WARNING
    assert found["fresh-data"].message.startswith("cannot verify: data stale")


def test_the_confirmation_says_what_is_replaced_and_checked() -> None:
    text = describe(RestorePostgres.model_validate(RESTORE))
    assert text.startswith("Restore PostgreSQL on site primary from the newest postgres-full "
                           "backup in store nas")
    assert "SHA-256" in text and "pg_restore --clean" in text and "row counts" in text


async def test_the_drill_restores_through_its_environment() -> None:
    rig = Rig()
    await rig.poll()
    outcome = await rig.runner.run(rig.runner.plan_action(step(RESTORE)), rig.confirm())
    assert outcome.status is OutcomeStatus.SUCCEEDED
    assert outcome.detail.startswith("restore postgres-full from nas")
    assert list(rig.actions()) == ["restore"]
    assert [e.type for e in rig.events][-1] == "action-succeeded"


REDIS = {"kind": "restore-redis", "site": "primary", "component": "redis-rdb",
         "store": "nas"}


async def test_restore_redis_is_destructive_gated_described_and_run_on_the_drill() -> None:
    from console.actions.gates import is_destructive
    from console.plan.actions import RestoreRedis

    rig = Rig()
    await rig.poll()
    action = RestoreRedis.model_validate(REDIS)
    assert is_destructive(action)
    gates = {g.name: g for g in evaluate_gates(action, Mode.DRILL, rig.poller.latest,
                                               rig.clock.now())}
    assert gates["backup-present"].level is GateLevel.OK
    assert "fresh-data" not in gates  # Redis may be down: the restore starts it
    assert describe(action).startswith("Restore Redis on site primary from the newest "
                                       "redis-rdb RDB in store nas")
    outcome = await rig.runner.run(rig.runner.plan_action(step(REDIS)), rig.confirm())
    assert outcome.status is OutcomeStatus.SUCCEEDED
    assert outcome.detail.startswith("restore redis-rdb from nas")
    assert list(rig.actions()) == ["restore"]
