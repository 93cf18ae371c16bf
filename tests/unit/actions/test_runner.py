"""The runner: gates -> confirmation -> journal -> call -> journal, on a drill environment."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from console.actions import (
    ActionRefused,
    ActionRunner,
    Confirmation,
    DrillOperations,
    OutcomeStatus,
    PlannedAction,
    backup_max_ages,
)
from console.config.models import Mode
from console.journal.events import (
    ActionCancelled,
    ActionConfirmed,
    ActionFailed,
    ActionRequested,
    ActionSucceeded,
)
from console.plan import load_plan
from services.models import Site
from services.sources import ReadOnlyRefused, Unreachable
from tests.unit.actions.rig import Rig, step

PROMOTE = {"kind": "promote-postgres", "site": "dr"}
SCALE_DR = {"kind": "scale-deployment", "site": "dr", "deployment": "erlmcp", "replicas": 3}


async def run(rig: Rig, action: dict[str, Any], **confirm: Any) -> Any:
    planned = rig.runner.plan_action(step(action))
    return await rig.runner.run(planned, rig.confirm(**confirm))


async def test_read_only_refuses_at_once_and_journals_nothing() -> None:
    rig = Rig(mode=Mode.READ_ONLY)
    await rig.poll()
    planned = rig.runner.plan_action(step(SCALE_DR))
    assert [g.name for g in planned.blocking] == ["read-only"]
    with pytest.raises(ActionRefused, match="read-only console: no action possible"):
        await rig.runner.run(planned, rig.confirm())
    assert rig.events == [] and rig.asked == [] and rig.env.actions == ()


async def test_read_only_adapter_refuses_even_past_the_runner() -> None:
    rig = Rig(read_only_env=True)
    ops = DrillOperations(rig.env)
    for call in (ops.dns_failover(), ops.notify("x", ""), ops.run_script("./a", (), 1.0),
                 ops.verify_data(Site.DR, ("SELECT 1",))):
        with pytest.raises(ReadOnlyRefused):
            await call
    outcome = await run(rig, SCALE_DR)
    assert outcome.status is OutcomeStatus.FAILED and outcome.detail.startswith("refused:")
    assert rig.types()[-1] == "action-failed" and rig.env.actions == ()


async def test_promote_blocked_while_primary_writable() -> None:
    rig = Rig()
    await rig.poll()
    outcome = await run(rig, PROMOTE)
    assert outcome.status is OutcomeStatus.CANCELLED
    assert rig.types() == ["action-requested", "action-cancelled"]
    cancelled = rig.events[-1]
    assert isinstance(cancelled, ActionCancelled)
    assert "primary is still writable" in cancelled.reason and "no override" in cancelled.reason
    assert rig.env.actions == ()
    assert rig.asked[0].blocking[0].name == "split-brain"  # the modal was shown the gate


async def test_promote_allowed_in_datacenter_failure_after_2m() -> None:
    rig = Rig("datacenter-failure")
    await rig.poll()  # the console watched the primary before it went dark
    await rig.advance(150)
    outcome = await run(rig, PROMOTE)
    assert outcome.status is OutcomeStatus.SUCCEEDED, outcome.detail
    assert rig.types() == ["action-requested", "action-confirmed", "action-succeeded"]
    assert list(rig.actions()) == ["promote-postgres"]
    assert rig.env.actions[0].site is Site.DR


async def test_override_reason_passes_a_blocking_gate_and_is_journaled() -> None:
    rig = Rig()
    await rig.poll()
    outcome = await run(rig, PROMOTE, override="primary fenced at the load balancer")
    assert outcome.status is OutcomeStatus.SUCCEEDED
    assert rig.types() == ["action-requested", "action-confirmed", "action-succeeded"]
    confirmed = rig.events[1]
    assert isinstance(confirmed, ActionConfirmed)
    assert confirmed.override_reason == "primary fenced at the load balancer"
    assert confirmed.overridden_gates == ("split-brain",)
    assert list(rig.actions()) == ["promote-postgres"]


async def test_blank_override_reason_does_not_count() -> None:
    rig = Rig()
    await rig.poll()
    outcome = await run(rig, PROMOTE, override="   ")
    assert outcome.status is OutcomeStatus.CANCELLED and rig.env.actions == ()


async def test_cancelled_confirmation_calls_nothing() -> None:
    rig = Rig()
    await rig.poll()
    outcome = await run(rig, SCALE_DR, confirmed=False)
    assert outcome.status is OutcomeStatus.CANCELLED and outcome.duration_s is None
    assert rig.types() == ["action-requested", "action-cancelled"]
    assert rig.events[-1] == ActionCancelled(step="s1", action="scale-deployment",
                                             reason="cancelled by the operator")
    assert rig.env.actions == ()


async def test_success_journals_requested_confirmed_succeeded_with_duration() -> None:
    rig = Rig()
    await rig.poll()
    outcome = await run(rig, SCALE_DR)
    requested, confirmed, succeeded = rig.events
    assert isinstance(requested, ActionRequested)
    assert requested.description == ("Scale deployment erlmcp/erlmcp on site dr to 3 "
                                     "replicas (kubectl scale)")
    assert confirmed.type == "action-confirmed"
    assert isinstance(succeeded, ActionSucceeded)
    assert succeeded.output == "scale erlmcp on dr to 3 requested; ready in ~45s (drill time)"
    assert succeeded.duration_s == 0.5 and outcome.duration_s == 0.5
    assert rig.env.actions[0].replicas == 3


async def test_unreachable_site_journals_action_failed() -> None:
    rig = Rig("datacenter-failure")
    await rig.advance(150)
    outcome = await run(rig, {**SCALE_DR, "site": "primary"})
    assert outcome.status is OutcomeStatus.FAILED
    failed = rig.events[-1]
    assert isinstance(failed, ActionFailed)
    assert failed.error == "unreachable: scale erlmcp/erlmcp: the primary site does not answer"
    assert failed.duration_s == 0.5


class Broken:
    """Operations whose every call fails (or hangs), to test the runner's error paths."""

    def __init__(self, hang: bool = False) -> None:
        self.hang = hang

    def __getattr__(self, name: str) -> Any:
        async def call(*_: Any) -> str:
            if self.hang:
                await asyncio.Event().wait()
            raise Unreachable(f"{name}: connection refused")
        return call


async def test_operation_raising_unreachable_and_hanging() -> None:
    rig = Rig(operations=Broken())
    await rig.poll()
    outcome = await run(rig, {"kind": "dns-rollback"})
    assert outcome.detail == "unreachable: dns_rollback: connection refused"
    assert rig.types()[-1] == "action-failed"
    hung = Rig(operations=Broken(hang=True), call_timeout_s=0.05)
    outcome = await run(hung, {"kind": "rewrite-aof", "site": "dr"})
    # A mutating call with no answer may have landed: unknown, not failed.
    assert outcome.status is OutcomeStatus.UNKNOWN
    assert outcome.detail.startswith("outcome unknown: no answer within 0.05s")
    assert hung.types()[-1] == "action-unknown"


async def test_interrupted_call_is_journaled_then_reraised() -> None:
    rig = Rig(operations=Broken(hang=True))
    task = asyncio.create_task(run(rig, {"kind": "dns-failover"}))
    while rig.types()[-1:] != ["action-confirmed"]:
        await asyncio.sleep(0)
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert rig.types()[-1] == "action-unknown"
    assert "interrupted" in getattr(rig.events[-1], "error", "")
    assert getattr(rig.events[-1], "interrupted", False) is True


async def test_broken_confirmation_is_journaled_as_cancelled() -> None:
    rig = Rig()

    async def explode(_: PlannedAction) -> Confirmation:
        raise RuntimeError("modal crashed")

    planned = rig.runner.plan_action(step(SCALE_DR))
    outcome = await rig.runner.run(planned, explode)
    assert outcome.status is OutcomeStatus.CANCELLED and "modal crashed" in outcome.detail
    assert rig.types() == ["action-requested", "action-cancelled"] and rig.env.actions == ()


async def test_wait_for_health_after_promote_and_scale() -> None:
    rig = Rig("datacenter-failure")
    await rig.poll()
    await rig.advance(150)
    await run(rig, PROMOTE)
    await run(rig, SCALE_DR)
    start = rig.clock.now()
    outcome = await run(rig, {"kind": "wait-for-health", "site": "dr", "timeout": "5m"})
    assert outcome.status is OutcomeStatus.SUCCEEDED, outcome.detail
    assert outcome.detail.startswith("health/dr ok after 20s")
    assert rig.slept == [10.0, 10.0]
    assert (rig.clock.now() - start).total_seconds() == 20
    assert rig.types()[-1] == "action-succeeded"


async def test_wait_for_health_times_out_on_the_drill_clock() -> None:
    rig = Rig()
    await rig.poll()
    start = rig.clock.now()
    outcome = await run(rig, {"kind": "wait-for-health", "site": "dr", "timeout": "1m",
                              "interval": "25s"})
    assert outcome.status is OutcomeStatus.FAILED
    assert outcome.detail.startswith("health/dr not ok after 1m: dr health failing")
    assert rig.slept == [25.0, 25.0, 10.0]
    assert (rig.clock.now() - start).total_seconds() == 60


async def test_switch_site_changes_the_active_site() -> None:
    rig = Rig()
    await rig.poll()
    before = rig.runner.active_site
    outcome = await run(rig, {"kind": "switch-site", "site": "dr"})
    assert before is Site.PRIMARY
    assert outcome.detail.startswith("configmap erlmcp/erlmcp-config on dr now points at dr")
    assert outcome.detail.endswith("active site is now dr") and rig.runner.active_site is Site.DR
    assert list(rig.actions()) == ["switch-site"]


async def test_simulated_scripts_notifications_and_queries_touch_nothing() -> None:
    rig = Rig()
    await rig.poll()
    for action in ({"kind": "run-script", "path": "./x.sh", "timeout": "1m"},
                   {"kind": "send-notification", "template": "resolution"},
                   {"kind": "verify-data", "site": "primary", "queries": ["SELECT 1"]}):
        outcome = await run(rig, action)
        assert outcome.status is OutcomeStatus.SUCCEEDED
        assert outcome.detail.startswith("simulated:")
    assert rig.env.actions == ()


async def test_test_restore_calls_the_environment() -> None:
    rig = Rig()
    await rig.poll()
    outcome = await run(rig, {"kind": "test-restore", "component": "postgres-full",
                              "target": "nas"})
    assert outcome.status is OutcomeStatus.SUCCEEDED
    assert outcome.detail == ("restore postgres-full from nas into primary requested; "
                              "ready in ~4m (drill time)")
    assert list(rig.actions()) == ["restore"]


async def test_verify_backups_against_the_plan() -> None:
    ages = backup_max_ages(load_plan())
    assert ages["postgres-full"].total_seconds() == 26 * 3600
    rig = Rig(backup_max_ages=ages)
    await rig.poll()
    ok = await run(rig, {"kind": "verify-backups", "components": ["postgres-full"]})
    assert ok.status is OutcomeStatus.SUCCEEDED and ok.detail.startswith("postgres-full: newest")
    strict = Rig(backup_max_ages={"postgres-full": ages["postgres-incremental"]})
    await strict.poll()
    late = await run(strict, {"kind": "verify-backups", "components": ["postgres-full"]})
    assert late.status is OutcomeStatus.FAILED and "1 of 1 backups not verified" in late.detail
    rig.env.fail("backups", "nas down")
    await rig.poll()
    stale = await run(rig, {"kind": "verify-backups"})
    assert stale.status is OutcomeStatus.FAILED
    assert stale.detail.startswith("cannot verify backups: backups stale")


def test_runner_is_built_as_the_brief_says() -> None:
    rig = Rig()
    runner = ActionRunner(Mode.INCIDENT, DrillOperations(rig.env), rig.record,
                          lambda: rig.poller.latest, rig.clock, active_site=Site.DR)
    assert runner.active_site is Site.DR and runner.mode is Mode.INCIDENT


async def test_a_journal_error_after_the_call_is_surfaced_not_lost() -> None:
    """The promote happened; the journal would not take ActionSucceeded: say so loudly."""
    rig = Rig("datacenter-failure")
    await rig.poll()
    await rig.advance(150)
    record = rig.record

    def full_disk(event: Any) -> Any:
        if isinstance(event, ActionSucceeded):
            raise OSError("journal.jsonl: No space left on device")
        return record(event)

    rig.runner._record = full_disk
    outcome = await run(rig, PROMOTE)
    assert outcome.status is OutcomeStatus.SUCCEEDED
    assert outcome.unrecorded is not None
    assert "NOT journaled" in outcome.unrecorded and "No space left" in outcome.unrecorded
    assert rig.types() == ["action-requested", "action-confirmed"]
    assert list(rig.actions()) == ["promote-postgres"]


async def test_a_journaled_outcome_has_nothing_unrecorded() -> None:
    rig = Rig()
    outcome = await run(rig, {"kind": "send-notification", "template": "t"})
    assert outcome.status is OutcomeStatus.SUCCEEDED and outcome.unrecorded is None
