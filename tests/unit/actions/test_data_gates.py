"""Gates that protect data: exposure against max_lag_on_failover, the Redis gap, the
timeline, WAL archiving; the site name typed for destructive actions; the confirmation
states the calls, the DNS change and the exposure now."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from console.actions import GateLevel, evaluate_gates
from console.actions.details import details
from console.actions.model import Confirmation, OutcomeStatus, PlannedAction
from console.actions.policy import ActionPolicy
from console.actions.runner import ActionRunner
from console.config.models import Mode
from console.plan.actions import DnsFailover, PromotePostgres, PromoteRedis
from services.models import RedisRole, Site
from tests.unit.actions.rig import Rig, step
from tests.unit.judge.world import NOW, World, ago

MIB = 1024 * 1024
POLICY = ActionPolicy(site_names={Site.PRIMARY: "eu-central", Site.DR: "eu-west"},
                      rpo_postgres=timedelta(minutes=5), dns_record="api.erlmcp.com CNAME",
                      dns_targets={Site.PRIMARY: "lb-primary", Site.DR: "dr-lb.example"})
PROMOTE_DR = PromotePostgres(kind="promote-postgres", site=Site.DR)


def dark_primary(lacking: int, *, standby_tl: int = 1) -> World:
    """The primary was seen at an LSN, then went dark; the standby lacks ``lacking`` bytes."""
    world = (World().dns(Site.PRIMARY).health(Site.DR, 503, "standby")
             .pg_primary(Site.PRIMARY, lsn=0x9000000)
             .pg_standby(Site.DR, received=0x9000000 - lacking, connected=False,
                         heard_s=104, timeline=standby_tl)
             .redis(Site.PRIMARY, RedisRole.MASTER, offset=5000)
             .redis(Site.DR, RedisRole.REPLICA, replica_offset=5000, link_up=False))
    return world.fail("postgres/primary", "unreachable: connection refused", 30) \
        .fail("redis/primary", "unreachable: connection refused", 30)


def gates(world: World, action: Any = PROMOTE_DR) -> dict[str, Any]:
    return {g.name: g for g in evaluate_gates(action, Mode.INCIDENT, world.readings, NOW,
                                              POLICY)}


def test_exposure_within_max_lag_passes_and_states_the_loss() -> None:
    found = gates(dark_primary(49 * 1024))
    assert found["data-loss"].level is GateLevel.OK
    assert ("loses at least ~49.0 KiB / 1m44s of writes; primary last seen 30s ago; RPO 5m"
            in found["data-loss"].message)  # the primary is dark: a lower bound, aged
    assert found["split-brain"].level is GateLevel.WARNING  # primary stale: cannot verify
    assert found["timeline"].level is GateLevel.OK


def test_exposure_over_max_lag_blocks_and_names_it() -> None:
    found = gates(dark_primary(5 * MIB))
    gate = found["data-loss"]
    assert gate.level is GateLevel.BLOCKING
    assert gate.message.startswith("data-loss exposure: postgres/dr has not received 5.0 MiB")
    assert "max_lag_on_failover 1.0 MiB" in gate.message
    lenient = ActionPolicy(max_lag_bytes=8 * MIB)
    again = evaluate_gates(PROMOTE_DR, Mode.INCIDENT, dark_primary(5 * MIB).readings, NOW,
                           lenient)
    assert {g.name: g.level for g in again}["data-loss"] is GateLevel.OK


def test_unknown_exposure_blocks() -> None:
    world = World().pg_standby(Site.DR, connected=False)  # never saw the primary
    gate = gates(world)["data-loss"]
    assert gate.level is GateLevel.BLOCKING and gate.message.startswith(
        "data-loss exposure unknown")


def test_timeline_mismatch_blocks() -> None:
    gate = gates(dark_primary(0, standby_tl=2))["timeline"]
    assert gate.level is GateLevel.BLOCKING and "1 vs 2" in gate.message


def test_wal_archiving_failure_blocks_and_silence_warns() -> None:
    world = dark_primary(0)
    assert gates(world)["wal-archiving"].level is GateLevel.WARNING
    snap = world.readings["postgres/primary"].snapshot
    failing = snap.model_copy(update={"failed_count": 3, "last_failed_at": ago(40),
                                      "archived_count": 10, "last_archived_at": ago(600)})
    world.put("postgres/primary", failing).fail("postgres/primary", last_good_s=30)
    gate = gates(world)["wal-archiving"]
    assert gate.level is GateLevel.BLOCKING and "3 failures" in gate.message
    healthy = failing.model_copy(update={"last_archived_at": ago(5)})
    world.put("postgres/primary", healthy).fail("postgres/primary", last_good_s=30)
    assert gates(world)["wal-archiving"].level is GateLevel.OK


def test_redis_offset_gap_over_the_bound_blocks() -> None:
    world = dark_primary(0).redis(Site.PRIMARY, RedisRole.MASTER, offset=3 * MIB) \
        .redis(Site.DR, RedisRole.REPLICA, offset=3 * MIB, replica_offset=MIB, link_up=False)
    world.fail("redis/primary", last_good_s=30)
    gate = gates(world, PromoteRedis(kind="promote-redis", site=Site.DR))["redis-data-loss"]
    assert gate.level is GateLevel.BLOCKING and "lacks 2.0 MiB" in gate.message


def test_confirmation_states_dns_old_to_new_and_the_exposure_now() -> None:
    lines = details(DnsFailover(kind="dns-failover"), dark_primary(49 * 1024).readings, NOW,
                    POLICY)
    assert lines[0] == "DNS api.erlmcp.com CNAME: lb-primary -> dr-lb.example (site eu-west)"
    assert lines[1].startswith("RPO exposure now: loses at least ~49.0 KiB / 1m44s of "
                               "writes; primary last seen 30s ago")
    assert lines[1].endswith("; RPO 5m")
    promote = details(PROMOTE_DR, dark_primary(0).readings, NOW, POLICY)
    assert promote[0] == "call: SELECT pg_promote() on postgres/dr (site eu-west)"


async def _run(rig: Rig, action: dict[str, Any], typed: str | None,
               override: str | None = None) -> Any:
    planned = rig.runner.plan_action(step(action))
    return await rig.runner.run(planned, rig.confirm(typed=typed, override=override))


async def test_destructive_actions_need_the_site_name_typed() -> None:
    rig = Rig(policy=POLICY)
    await rig.poll()
    scale_to_0 = {"kind": "scale-deployment", "site": "dr", "deployment": "erlmcp",
                  "replicas": 0}
    for typed in (None, "", "dr", "EU-WEST"):
        outcome = await _run(rig, scale_to_0, typed)
        assert outcome.status is OutcomeStatus.CANCELLED
        assert "type 'eu-west' to confirm" in outcome.detail
    assert rig.env.actions == ()
    assert rig.asked[0].destructive and rig.asked[0].site_name == "eu-west"
    outcome = await _run(rig, scale_to_0, "eu-west")
    assert outcome.status is OutcomeStatus.SUCCEEDED and list(rig.actions()) == ["scale"]
    scale_up = dict(scale_to_0, replicas=3)  # not destructive: no name needed
    assert (await _run(rig, scale_up, None)).status is OutcomeStatus.SUCCEEDED


async def test_a_blocking_gate_needs_the_site_name_and_a_reason() -> None:
    rig = Rig(policy=POLICY)
    await rig.poll()  # steady: the primary is writable, split brain blocks
    promote = {"kind": "promote-postgres", "site": "dr"}
    assert (await _run(rig, promote, None, "fenced")).status is OutcomeStatus.CANCELLED
    assert (await _run(rig, promote, "eu-west", None)).status is OutcomeStatus.CANCELLED
    assert rig.env.actions == ()
    outcome = await _run(rig, promote, "eu-west", "primary fenced at the LB")
    assert outcome.status is OutcomeStatus.SUCCEEDED


def test_planned_action_names_target_and_destructiveness() -> None:
    rig = Rig(policy=POLICY)
    planned: PlannedAction = rig.runner.plan_action(step({"kind": "dns-rollback"}))
    assert (planned.target_site, planned.site_name, planned.destructive) == (
        Site.PRIMARY, "eu-central", True)
    assert Confirmation(confirmed=True).typed_site is None
    assert isinstance(rig.runner, ActionRunner)
