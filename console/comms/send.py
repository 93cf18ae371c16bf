"""Sending a draft through the configured channels, journaled: drafted, then sent or
failed per channel.

Refused before anything leaves: a read-only console sends nothing, a drill sends
nothing unless the config says ``comms.send_in_drill = true`` (a drill must not page the
real on-call), and a body with ``[TO FILL: ...]`` blanks is not sent at all
(:mod:`console.comms.sendable`, the one rule every sender goes through). A channel the
caller says already has the message is not sent to again (its outcome says when it got
it). Every other channel is tried even when one fails; each outcome is journaled
(``CommsSent`` with the next update the message promised, or ``CommsFailed`` with why),
so the journal alone tells who was told what, and when.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from console.comms.channels import Envelope, deliver, policy, secrets_of, wants
from console.comms.deliver import Delivery, Sleep
from console.comms.fill import Draft
from console.comms.sendable import SendRefused, check_sendable
from console.config.models import Channel, CommsSettings, Mode
from console.journal.events import CommsDrafted, CommsFailed, CommsSent, Event
from services.redact import scrub_text

Record = Callable[[Event], Event]
__all__ = ["Outcome", "SendRefused", "pick", "refusal", "send"]


@dataclass(frozen=True, slots=True)
class Outcome:
    channel: str
    kind: str
    ok: bool
    detail: str
    attempts: int
    earlier: datetime | None = None
    """Not sent now: the channel accepted this message then (the journal says so)."""


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
               secrets: Sequence[str] = (), sleep: Sleep = asyncio.sleep,
               earlier: Mapping[str, datetime] | None = None,
               blanks_allowed: bool = False) -> list[Outcome]:
    """Send ``draft`` at once to every channel of ``channels`` not in ``earlier`` (those
    already have it: an outcome each, nothing sent); journal each real outcome.
    ``blanks_allowed`` is for pages only: a page wakes people, its details carry the
    incident's draft as it stands."""
    why = refusal(mode, comms)
    if why is not None:
        raise SendRefused(why)
    earlier = earlier or {}
    fresh = [c for c in channels if c.name not in earlier]
    if fresh and not blanks_allowed:  # every channel has it already: nothing to judge
        check_sendable(draft.title, draft.body)
    outcomes = {c.name: Outcome(c.name, c.kind, True, "", 0, earlier[c.name])
                for c in channels if c.name in earlier}
    if fresh:
        secrets = tuple(dict.fromkeys((*secrets, *secrets_of(comms.channels))))
        rules = policy(comms, secrets)
        if record is not None:
            record(CommsDrafted(template=draft.template,
                                body=scrub_text(draft.body, secrets)))
        results = await asyncio.gather(*(deliver(c, draft, envelope, rules, sleep)
                                         for c in fresh))
        for channel, result in zip(fresh, results, strict=True):
            outcomes[channel.name] = Outcome(channel.name, channel.kind, result.ok,
                                             result.detail, result.attempts)
            if record is not None:
                record(_journaled(draft, channel, result))
    return [outcomes[c.name] for c in channels]


def _journaled(draft: Draft, channel: Channel, result: Delivery) -> Event:
    if result.ok:
        return CommsSent(template=draft.template, channel=channel.name, kind=channel.kind,
                         detail=result.detail, next_update_at=draft.next_update_at)
    return CommsFailed(template=draft.template, channel=channel.name, kind=channel.kind,
                       error=result.detail or "failed", attempts=result.attempts)
