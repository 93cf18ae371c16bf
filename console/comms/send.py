"""Sending a draft through the configured channels, journaled: drafted, then sent or
failed per channel.

Refused before anything leaves: a read-only console sends nothing, and a drill sends
nothing unless the config says ``comms.send_in_drill = true`` (a drill must not page the
real on-call). Every channel is tried even when one fails; each outcome is journaled
(``CommsSent`` with the next update the message promised, or ``CommsFailed`` with why),
so the journal alone tells who was told what, and when.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from console.comms.channels import Envelope, deliver, policy, secrets_of, wants
from console.comms.deliver import Sleep
from console.comms.fill import Draft
from console.config.models import Channel, CommsSettings, Mode
from console.journal.events import CommsDrafted, CommsFailed, CommsSent, Event
from services.redact import scrub_text

Record = Callable[[Event], Event]


class SendRefused(Exception):
    """Nothing was sent, and why (read-only, drill, no channel)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    channel: str
    kind: str
    ok: bool
    detail: str
    attempts: int


def refusal(mode: Mode, comms: CommsSettings) -> str | None:
    """Why this console may not send anything now, or None."""
    if mode is Mode.READ_ONLY:
        return "read-only console: nothing is sent"
    if mode is Mode.DRILL and not comms.send_in_drill:
        return "drill: nothing is sent (comms.send_in_drill = false)"
    return None


def pick(comms: CommsSettings, template: str, name: str | None = None) -> tuple[Channel, ...]:
    """The channels ``template`` goes to (or the one named); SendRefused if none."""
    if name is not None:
        found = tuple(c for c in comms.channels if c.name == name)
        if not found:
            known = ", ".join(c.name for c in comms.channels) or "none configured"
            raise SendRefused(f"no channel named {name!r} (known: {known})")
        return found
    chosen = tuple(c for c in comms.channels if wants(c, template))
    if not chosen:
        raise SendRefused(f"no channel takes {template} (configure [[comms.channels]])")
    return chosen


async def send(draft: Draft, channels: Sequence[Channel], envelope: Envelope, *,
               mode: Mode, comms: CommsSettings, record: Record | None,
               secrets: Sequence[str] = (), sleep: Sleep = asyncio.sleep) -> list[Outcome]:
    """Send ``draft`` everywhere in ``channels`` at once; journal each outcome."""
    why = refusal(mode, comms)
    if why is not None:
        raise SendRefused(why)
    secrets = tuple(dict.fromkeys((*secrets, *secrets_of(comms.channels))))
    rules = policy(comms, secrets)
    if record is not None:
        record(CommsDrafted(template=draft.template, body=scrub_text(draft.body, secrets)))
    results = await asyncio.gather(*(deliver(c, draft, envelope, rules, sleep)
                                     for c in channels))
    outcomes = []
    for channel, result in zip(channels, results, strict=True):
        outcomes.append(Outcome(channel.name, channel.kind, result.ok, result.detail,
                                result.attempts))
        if record is None:
            continue
        if result.ok:
            record(CommsSent(template=draft.template, channel=channel.name, kind=channel.kind,
                             detail=result.detail, next_update_at=draft.next_update_at))
        else:
            record(CommsFailed(template=draft.template, channel=channel.name,
                               kind=channel.kind, error=result.detail or "failed",
                               attempts=result.attempts))
    return outcomes
