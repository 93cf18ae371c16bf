"""One configured channel -> one delivery: the payload each kind of far end expects.

- ``webhook``: a JSON object (incident id, template, severity, subject, body);
- ``slack``: an incoming webhook's ``{"text": ...}``;
- ``pagerduty``: Events API v2 (``trigger``/``acknowledge``/``resolve``), ``dedup_key``
  the incident id so every event lands on the same PagerDuty incident;
- ``email``: SMTP, the draft's first heading as subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from console.comms.deliver import Delivery, Mail, Policy, Sleep, post_json, send_mail
from console.comms.fill import Draft
from console.comms.secrets import expand
from console.config.models import Channel, CommsSettings
from console.config.settings import Settings

PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue"
PagerAction = Literal["trigger", "acknowledge", "resolve"]
PAGER_SEVERITY = {"P1": "critical", "P2": "error", "P3": "warning", "P4": "info"}


@dataclass(frozen=True, slots=True)
class Envelope:
    """What is sent, beside the draft: who it is about and, for PagerDuty, which event."""

    incident_id: str
    severity: str | None
    pager_action: PagerAction = "trigger"


def configured(settings: Settings) -> CommsSettings:
    """The comms settings with the older ``[[webhooks]]`` as channels too (``generic`` as
    a JSON webhook), so every message, the runbook's included, reaches them filled."""
    names = {c.name for c in settings.comms.channels}
    legacy = tuple(Channel(name=h.name, kind="slack" if h.kind == "slack" else "webhook",
                           url=h.url) for h in settings.webhooks if h.name not in names)
    if not legacy:
        return settings.comms
    return settings.comms.model_copy(update={"channels": settings.comms.channels + legacy})


def secrets_of(channels: Sequence[Channel]) -> tuple[str, ...]:
    """Every secret a channel holds, to scrub from any text that could echo it."""
    found: list[str] = []
    for channel in channels:
        for secret in (channel.url, channel.routing_key, channel.password):
            if secret is not None:
                found += expand(secret.get_secret_value())
    return tuple(found)


def policy(comms: CommsSettings, secrets: Sequence[str]) -> Policy:
    return Policy(comms.timeout.total_seconds(), comms.retries, comms.backoff_s,
                  tuple(secrets))


def wants(channel: Channel, template: str) -> bool:
    return not channel.templates or template in channel.templates


async def deliver(channel: Channel, draft: Draft, envelope: Envelope, rules: Policy,
                  sleep: Sleep) -> Delivery:
    """Send ``draft`` through ``channel`` once (with its retries)."""
    if channel.kind == "email":
        assert channel.smtp_host is not None
        mail = Mail(channel.smtp_host, channel.smtp_port, channel.sender, channel.recipients,
                    f"[{envelope.incident_id}] {draft.subject}", draft.body, channel.starttls,
                    channel.username,
                    channel.password.get_secret_value() if channel.password else None)
        return await send_mail(mail, rules, sleep)
    url = channel.url.get_secret_value() if channel.url else PAGERDUTY_URL
    return await post_json(url, payload(channel, draft, envelope), rules, sleep)


def payload(channel: Channel, draft: Draft, envelope: Envelope) -> dict[str, Any]:
    if channel.kind == "slack":
        return {"text": draft.body}
    if channel.kind == "pagerduty":
        assert channel.routing_key is not None
        event: dict[str, Any] = {"routing_key": channel.routing_key.get_secret_value(),
                                 "event_action": envelope.pager_action,
                                 "dedup_key": envelope.incident_id}
        if envelope.pager_action == "trigger":
            event["payload"] = {
                "summary": f"{envelope.incident_id} {envelope.severity or ''}: "
                           f"{draft.subject}"[:1024],
                "source": "erlmcp-recovery-console",
                "severity": PAGER_SEVERITY.get(envelope.severity or "", "critical"),
                "custom_details": {"message": draft.body},
            }
        return event
    return {"incident_id": envelope.incident_id, "template": draft.template,
            "severity": envelope.severity, "subject": draft.subject, "body": draft.body}
