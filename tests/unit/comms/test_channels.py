"""Channels against real loopback servers: JSON webhook, Slack, PagerDuty Events v2 and
SMTP (aiosmtpd); a channel answering 500 is retried then journaled as failed, one that
hangs is cut off by its timeout; drills and read-only consoles send nothing."""

from __future__ import annotations

import time
from typing import Any

import pytest

from console.comms.channels import Envelope
from console.comms.fill import Draft
from console.comms.send import SendRefused, send
from console.config.models import Channel, CommsSettings, Mode
from console.journal.events import CommsDrafted, CommsFailed, CommsSent, Event
from tests.unit.comms.servers import http_endpoint, smtp_server

DRAFT = Draft("incident-notification", "Incident Notification",
              "# Incident Notification - Disaster Recovery\n\n**Incident ID**: INC-1\n",
              (), None)
ENVELOPE = Envelope("INC-1", "P1")


def comms(*channels: Channel, **extra: Any) -> CommsSettings:
    return CommsSettings.model_validate({"channels": channels, "timeout": "1s",
                                         "backoff_s": 0.05, **extra})


def hook(kind: str, url: str, **extra: Any) -> Channel:
    secret = {"routing_key": "PD-ROUTING-KEY-XYZ"} if kind == "pagerduty" else {}
    return Channel.model_validate({"name": f"test-{kind}", "kind": kind, "url": url,
                                   **secret, **extra})


class Journal:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> Event:
        self.events.append(event)
        return event


async def test_webhook_slack_and_pagerduty_deliver_their_formats() -> None:
    journal = Journal()
    with http_endpoint() as web, http_endpoint() as slack, http_endpoint() as pager:
        channels = (hook("webhook", web.url), hook("slack", slack.url),
                    hook("pagerduty", pager.url))
        outcomes = await send(DRAFT, channels, ENVELOPE, mode=Mode.INCIDENT,
                              comms=comms(*channels), record=journal)
    assert [o.ok for o in outcomes] == [True, True, True]
    assert web.received == [{"incident_id": "INC-1", "template": "incident-notification",
                             "severity": "P1", "subject": DRAFT.subject, "body": DRAFT.body}]
    assert slack.received == [{"text": DRAFT.body}]
    event = pager.received[0]
    assert event["routing_key"] == "PD-ROUTING-KEY-XYZ"
    assert event["event_action"] == "trigger" and event["dedup_key"] == "INC-1"
    assert event["payload"]["severity"] == "critical"
    assert event["payload"]["summary"].startswith("INC-1 P1: Incident Notification")
    kinds = [type(e) for e in journal.events]
    assert kinds == [CommsDrafted, CommsSent, CommsSent, CommsSent]
    assert all("SECRET-TOKEN" not in e.model_dump_json() for e in journal.events)


async def test_pagerduty_resolve_carries_only_the_dedup_key() -> None:
    with http_endpoint() as pager:
        channel = hook("pagerduty", pager.url)
        await send(DRAFT, (channel,), Envelope("INC-1", "P1", "resolve"), mode=Mode.INCIDENT,
                   comms=comms(channel), record=None)
    assert pager.received == [{"routing_key": "PD-ROUTING-KEY-XYZ",
                               "event_action": "resolve", "dedup_key": "INC-1"}]


async def test_email_over_smtp() -> None:
    journal = Journal()
    with smtp_server() as (box, port):
        channel = Channel(name="ops-mail", kind="email", smtp_host="127.0.0.1",
                          smtp_port=port, recipients=("ops@example.com",))
        outcomes = await send(DRAFT, (channel,), ENVELOPE, mode=Mode.INCIDENT,
                              comms=comms(channel), record=journal)
    assert outcomes[0].ok, outcomes[0].detail
    sender, to, text = box.messages[0]
    assert sender == "recovery-console@localhost"
    assert to == ["ops@example.com"]
    assert "Subject: [INC-1] Incident Notification - Disaster Recovery" in text
    assert "**Incident ID**: INC-1" in text
    assert isinstance(journal.events[-1], CommsSent) and journal.events[-1].kind == "email"


async def test_a_500_is_retried_then_journaled_as_failed_without_the_url() -> None:
    journal = Journal()
    with http_endpoint("500") as broken:
        channel = hook("webhook", broken.url)
        outcomes = await send(DRAFT, (channel,), ENVELOPE, mode=Mode.INCIDENT,
                              comms=comms(channel, retries=2), record=journal)
    assert len(broken.received) == 3  # the first attempt and two retries
    failed = journal.events[-1]
    assert isinstance(failed, CommsFailed) and failed.attempts == 3
    assert failed.error.startswith("HTTP 500: internal error")
    assert "\x1b" not in failed.error and "\x07" not in failed.error  # sanitised answer
    assert "SECRET-TOKEN" not in failed.error and "127.0.0.1" not in failed.error
    assert not outcomes[0].ok


async def test_a_4xx_is_not_retried() -> None:
    with http_endpoint("400") as refusing:
        channel = hook("slack", refusing.url)
        outcomes = await send(DRAFT, (channel,), ENVELOPE, mode=Mode.INCIDENT,
                              comms=comms(channel, retries=3), record=None)
    assert len(refusing.received) == 1 and outcomes[0].attempts == 1


async def test_a_hanging_channel_is_cut_off_and_the_others_still_go_out() -> None:
    journal = Journal()
    with http_endpoint("hang") as hung, http_endpoint() as fine:
        channels = (hook("webhook", hung.url), hook("slack", fine.url))
        started = time.monotonic()
        outcomes = await send(DRAFT, channels, ENVELOPE, mode=Mode.INCIDENT,
                              comms=comms(*channels, retries=1), record=journal)
        took = time.monotonic() - started
    assert took < 4  # two 1 s attempts and a 0.05 s pause, not the server's 30 s
    assert [o.ok for o in outcomes] == [False, True]
    failed = next(e for e in journal.events if isinstance(e, CommsFailed))
    assert failed.error == "no answer within 1s (after 2 attempts)"
    assert len(hung.received) == 2


@pytest.mark.parametrize(("mode", "reason"), [(Mode.DRILL, "drill: nothing is sent"),
                                              (Mode.READ_ONLY, "read-only console")])
async def test_drill_and_read_only_send_nothing(mode: Mode, reason: str) -> None:
    journal = Journal()
    with http_endpoint() as web:
        channel = hook("webhook", web.url)
        with pytest.raises(SendRefused, match=reason):
            await send(DRAFT, (channel,), ENVELOPE, mode=mode, comms=comms(channel),
                       record=journal)
    assert web.received == [] and journal.events == []


async def test_a_drill_sends_when_the_config_says_so() -> None:
    with http_endpoint() as web:
        channel = hook("webhook", web.url)
        outcomes = await send(DRAFT, (channel,), ENVELOPE, mode=Mode.DRILL,
                              comms=comms(channel, send_in_drill=True), record=None)
    assert outcomes[0].ok and len(web.received) == 1
