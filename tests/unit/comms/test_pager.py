"""PagerDuty follows the journal: trigger at a paging severity, acknowledge after the
first step done, resolve on resolve; each once; nothing below the paging severities."""

from __future__ import annotations

from console.comms.pager import pages_due
from console.config.models import CommsSettings
from console.journal.events import (
    Classified,
    CommsSent,
    Declared,
    Event,
    Resolved,
    StepCompleted,
)

COMMS = CommsSettings.model_validate({"channels": [
    {"name": "pd", "kind": "pagerduty", "routing_key": "k"}]})
BASE: list[Event] = [Declared(incident_id="INC-1", title="down"),
                     Classified(severity="P1", response="activate-dr-plan", phases=())]


def actions(events: list[Event]) -> list[str]:
    return [action for _, action in pages_due(events, COMMS)]


def sent(template: str) -> CommsSent:
    return CommsSent(template=template, channel="pd", kind="pagerduty")


def test_the_page_follows_the_incident() -> None:
    assert actions(BASE) == ["trigger"]
    triggered = [*BASE, sent("page-trigger")]
    assert actions(triggered) == []
    worked = [*triggered, StepCompleted(step="check-system-status")]
    assert actions(worked) == ["acknowledge"]
    acked = [*worked, sent("page-acknowledge"), Resolved(summary="ok")]
    assert actions(acked) == ["resolve"]
    assert actions([*acked, sent("page-resolve")]) == []


def test_no_page_below_the_paging_severities() -> None:
    low: list[Event] = [BASE[0], Classified(severity="P3", response="local-recovery",
                                            phases=())]
    assert actions(low) == []
