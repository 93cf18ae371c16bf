"""The runbook's send-notification action sends the *filled* message, not the template id:
through the configured channels (the older ``[[webhooks]]`` too), journaled drafted, sent
or failed per channel beside the action's own events; a drill sends nothing unless the
config says so; a read-only console is refused before anything leaves. The plan here is
the default one with its person-only field cut (:func:`console_written`): a message with
blanks is never sent (tests/unit/comms/test_sendable.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from console.actions import Confirmation, PlannedAction
from console.comms.fill import Draft, with_message
from console.comms.step import StepNotifier
from console.config.models import Mode
from console.config.settings import Settings
from console.incident.session import IncidentSession, SessionRefused
from console.journal.events import (
    ActionFailed,
    ActionSucceeded,
    CommsDrafted,
    CommsFailed,
    CommsSent,
)
from console.plan.loader import load_plan
from console.plan.model import Plan
from tests.unit.comms.rig import INCIDENT, DrillRig, console_written
from tests.unit.comms.servers import http_endpoint

PLAN = console_written(load_plan())
STEP = "notify-incident-commander"
TEMPLATE = "incident-notification"


def settings(mode: Mode, channels: list[dict[str, Any]] | None = None,
             **extra: Any) -> Settings:
    comms = {"channels": channels or [], "timeout": "1s", "retries": 1, "backoff_s": 0.05,
             **extra.pop("comms", {})}
    return Settings(mode=mode, comms=comms, **extra)


async def declared(tmp_path: Path, config: Settings, plan: Plan = PLAN) -> DrillRig:
    """A P1 declared on the drill, its session acting in ``config``'s mode and notifying
    through the runtime's :class:`StepNotifier`."""
    rig = DrillRig(plan, tmp_path)
    rig.ctx = replace(rig.ctx, mode=Mode.DRILL if config.mode is Mode.READ_ONLY
                      else config.mode, notifier=StepNotifier(config, plan, rig.verdicts))
    rig.session = IncidentSession.new(rig.ctx)
    await rig.declare("P1")
    return rig


async def yes(planned: PlannedAction) -> Confirmation:
    return Confirmation(confirmed=True)


async def test_the_step_posts_the_filled_message_to_every_channel(tmp_path: Path) -> None:
    with http_endpoint() as web, http_endpoint() as slack, http_endpoint() as legacy:
        config = settings(Mode.INCIDENT, [
            {"name": "ops-hook", "kind": "webhook", "url": web.url},
            {"name": "ops-slack", "kind": "slack", "url": slack.url}],
            webhooks=[{"name": "old-hook", "url": legacy.url, "kind": "slack"}])
        rig = await declared(tmp_path, config)
        outcome = await rig.session.run_action(STEP, yes)
    text = slack.received[0]["text"]
    assert text != TEMPLATE and legacy.received == [{"text": text}]
    assert f"**Incident ID**: {INCIDENT}" in text
    assert "**Severity**: P1 - " in text
    assert not re.search(r"\{[a-z_]+\}", text)  # no template syntax left
    assert "[TO FILL" not in text
    assert web.received[0]["body"] == text and web.received[0]["incident_id"] == INCIDENT
    assert outcome.detail == ("Incident Notification sent to ops-hook (webhook), "
                              "ops-slack (slack), old-hook (slack)")
    events = rig.session.events
    tail = [type(e) for e in events[-5:]]
    assert tail == [CommsDrafted, CommsSent, CommsSent, CommsSent, ActionSucceeded]
    sent = [e for e in events if isinstance(e, CommsSent)]
    assert {e.channel for e in sent} == {"ops-hook", "ops-slack", "old-hook"}
    assert all(e.next_update_at is not None for e in sent)  # the banner counts down to it
    assert all("SECRET-TOKEN" not in e.model_dump_json() for e in events)


async def test_a_failing_channel_fails_the_step_and_is_journaled(tmp_path: Path) -> None:
    with http_endpoint() as good, http_endpoint("500") as bad:
        config = settings(Mode.INCIDENT, [
            {"name": "ops-hook", "kind": "webhook", "url": good.url},
            {"name": "broken", "kind": "webhook", "url": bad.url}])
        rig = await declared(tmp_path, config)
        outcome = await rig.session.run_action(STEP, yes)
    assert len(bad.received) == 2  # retried once
    assert outcome.status.value == "failed"
    failed = [e for e in rig.session.events if isinstance(e, CommsFailed)]
    assert [e.channel for e in failed] == ["broken"] and failed[0].attempts == 2
    last = rig.session.events[-1]
    assert isinstance(last, ActionFailed)
    assert "broken (webhook): HTTP 500" in last.error and "sent to ops-hook" in last.error
    assert "SECRET-TOKEN" not in last.error


async def test_a_drill_sends_nothing_unless_the_config_says_so(tmp_path: Path) -> None:
    with http_endpoint() as web:
        hook = [{"name": "ops-hook", "kind": "webhook", "url": web.url}]
        rig = await declared(tmp_path / "quiet", settings(Mode.DRILL, hook))
        outcome = await rig.session.run_action(STEP, yes)
        assert web.received == []
        assert outcome.status.value == "succeeded" and "not sent in a drill" in outcome.detail
        assert not any(isinstance(e, CommsSent | CommsDrafted) for e in rig.session.events)

        loud = settings(Mode.DRILL, hook, comms={"send_in_drill": True})
        rig = await declared(tmp_path / "loud", loud)
        await rig.session.run_action(STEP, yes)
    assert len(web.received) == 1 and INCIDENT in web.received[0]["body"]
    sent = next(e for e in rig.session.events if isinstance(e, CommsSent))
    assert sent.at == rig.clock.now()  # journaled on the drill's clock


async def test_read_only_sends_nothing(tmp_path: Path) -> None:
    with http_endpoint() as web:
        config = settings(Mode.READ_ONLY, [{"name": "ops-hook", "kind": "webhook",
                                            "url": web.url}])
        rig = await declared(tmp_path, config)
        watcher = IncidentSession.watch(replace(rig.ctx, mode=Mode.READ_ONLY),
                                        rig.session.path or tmp_path)
        with pytest.raises(SessionRefused):
            await watcher.run_action(STEP, yes)
        assert await StepNotifier(config, PLAN, rig.verdicts)(
            rig.session, TEMPLATE, "") is None  # the mode alone refuses
    assert web.received == []


async def test_no_channel_fails_the_step_with_the_reason(tmp_path: Path) -> None:
    rig = await declared(tmp_path, settings(Mode.INCIDENT))
    outcome = await rig.session.run_action(STEP, yes)
    assert outcome.status.value == "failed"
    assert "no channel takes incident-notification" in outcome.detail


def test_the_step_message_goes_under_the_heading() -> None:
    draft = Draft("recovery-update", "Recovery Update", "# Recovery Update\n\nbody\n", ())
    assert with_message(draft, "Failover completed").body == \
        "# Recovery Update\n\nFailover completed\n\nbody\n"
    assert with_message(draft, "  ") is draft
