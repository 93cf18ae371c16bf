"""PagerDuty follows the incident: trigger when it is classified at a paging severity,
acknowledge once the first step is done, resolve when it is resolved.

Decided from the journal alone (what was classified, what was already sent), so a
resumed console neither pages twice nor forgets to resolve; ``dedup_key`` is the
incident id, so every event lands on one PagerDuty incident.
"""

from __future__ import annotations

from collections.abc import Sequence

from console.comms.channels import PagerAction
from console.config.models import Channel, CommsSettings
from console.journal.events import (
    Classified,
    CommsFailed,
    CommsSent,
    Event,
    Resolved,
    StepCompleted,
)

TEMPLATES: dict[PagerAction, str] = {"trigger": "page-trigger",
                                     "acknowledge": "page-acknowledge",
                                     "resolve": "page-resolve"}
"""The journal's template name for each PagerDuty event."""


def pages_due(events: Sequence[Event], comms: CommsSettings
              ) -> list[tuple[Channel, PagerAction]]:
    """The PagerDuty events to send now, per PagerDuty channel (each at most once; a
    failed one is not retried here: the failure is journaled and shown)."""
    channels = [c for c in comms.channels if c.kind == "pagerduty"]
    if not channels:
        return []
    severity = next((e.severity for e in reversed(events) if isinstance(e, Classified)), None)
    if severity not in comms.page_severities:
        return []
    tried = {(e.channel, e.template) for e in events if isinstance(e, CommsSent | CommsFailed)}
    sent = {(e.channel, e.template) for e in events if isinstance(e, CommsSent)}
    resolved = any(isinstance(e, Resolved) for e in events)
    worked = any(isinstance(e, StepCompleted) for e in events)
    due: list[tuple[Channel, PagerAction]] = []
    for channel in channels:
        triggered = (channel.name, TEMPLATES["trigger"]) in sent
        steps: tuple[tuple[PagerAction, bool], ...] = (
            ("trigger", True), ("acknowledge", triggered and worked),
            ("resolve", triggered and resolved))
        for action, wanted in steps:
            if wanted and (channel.name, TEMPLATES[action]) not in tried:
                due.append((channel, action))
                break
    return due
