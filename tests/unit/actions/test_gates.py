"""Safety gates from live drill readings."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from console.actions import GateLevel, evaluate_gates
from console.actions.model import Gate
from console.config.models import Mode
from console.plan.actions import Action
from services.models import Site
from tests.unit.actions.rig import Rig

ACTION: TypeAdapter[Any] = TypeAdapter(Action)  # type: ignore[arg-type]


def gates(rig: Rig, mode: Mode = Mode.DRILL, **action: Any) -> dict[str, Gate]:
    found = evaluate_gates(ACTION.validate_python(action), mode, rig.poller.latest,
                           rig.clock.now())
    return {g.name: g for g in found}


async def test_read_only_blocks_everything() -> None:
    rig = Rig()
    await rig.poll()
    for action in ({"kind": "dns-failover"}, {"kind": "send-notification", "template": "x"}):
        found = gates(rig, Mode.READ_ONLY, **action)
        assert found["read-only"].level is GateLevel.BLOCKING
        assert found["read-only"].message == "read-only console: no action possible"


async def test_promote_blocked_while_primary_writable_allowed_once_it_is_gone() -> None:
    rig = Rig("datacenter-failure")
    await rig.poll()
    gate = gates(rig, kind="promote-postgres", site="dr")["split-brain"]
    assert gate.level is GateLevel.BLOCKING
    assert gate.message == "primary is still writable: promoting now risks split brain"
    await rig.advance(150)
    gate = gates(rig, kind="promote-postgres", site="dr")["split-brain"]
    assert gate.level is GateLevel.WARNING
    assert gate.message.startswith("cannot verify: data stale (postgres/primary stale")


async def test_dns_failover_needs_a_healthy_dr_site() -> None:
    rig = Rig()
    await rig.poll()
    gate = gates(rig, kind="dns-failover")["dr-health"]
    assert gate.level is GateLevel.BLOCKING and gate.message.startswith("DR site is not healthy")
    await rig.env.promote_postgres(Site.DR)
    await rig.env.scale(Site.DR, "erlmcp", "erlmcp", 3)
    await rig.advance(60)
    assert gates(rig, kind="dns-failover")["dr-health"].level is GateLevel.OK


async def test_dns_rollback_needs_a_healthy_primary() -> None:
    rig = Rig("datacenter-failure")
    await rig.poll()
    assert gates(rig, kind="dns-rollback")["primary-health"].level is GateLevel.OK
    await rig.advance(150)
    gate = gates(rig, kind="dns-rollback")["primary-health"]
    assert gate.level is GateLevel.BLOCKING
    assert gate.message == "primary site is not healthy (no answer: connection refused)"


async def test_scale_to_zero_on_the_serving_site_warns() -> None:
    rig = Rig()
    await rig.poll()
    serving = gates(rig, kind="scale-deployment", site="primary", deployment="erlmcp",
                    replicas=0)
    assert serving["serving-site"].level is GateLevel.WARNING
    idle = gates(rig, kind="scale-deployment", site="dr", deployment="erlmcp", replicas=0)
    assert idle["serving-site"].level is GateLevel.OK
    up = gates(rig, kind="scale-deployment", site="primary", deployment="erlmcp", replicas=3)
    assert up == {}


async def test_stale_source_of_an_action_warns() -> None:
    rig = Rig()
    rig.env.fail("cluster/dr", "apiserver 500")
    await rig.poll()
    found = gates(rig, kind="scale-deployment", site="dr", deployment="erlmcp", replicas=3)
    assert found["fresh-data"].level is GateLevel.WARNING
    assert found["fresh-data"].message.startswith("cannot verify: data stale (cluster/dr")


async def test_restore_needs_a_backup_in_that_store() -> None:
    rig = Rig()
    await rig.poll()
    ok = gates(rig, kind="test-restore", component="postgres-full", target="nas")
    assert ok["backup-present"].level is GateLevel.OK
    missing = gates(rig, kind="test-restore", component="postgres-full", target="moon")
    assert missing["backup-present"].level is GateLevel.BLOCKING
