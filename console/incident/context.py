"""What an incident session needs from the running console, as one injectable bundle.

The session must not know the monitor, the poller or Textual: it gets the live readings
and outage start times as callables (so it always sees the *latest* ones), the one clock,
and the operations adapter that actions act through. Tests build it by hand; the app
builds it from its monitor with :func:`context_for`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from console.actions.policy import ActionPolicy
from console.actions.waiting import Sleep
from console.backends.drill_journal import DrillFacts
from console.config.models import Mode
from console.judge.freshness import Readings
from console.plan.model import Plan
from services.clock import Clock
from services.operations import Operations

if TYPE_CHECKING:
    from console.incident.session import IncidentSession

StepNotifier = Callable[["IncidentSession", str, str], Awaitable[str | None]]
"""A runbook step's notification (session, template, message): the message filled from
the incident and sent, journaled (:class:`console.comms.step.StepNotifier`); None when it
sends nothing (a drill), so the operations' ``notify`` simulates it."""


def _no_readings() -> Readings:
    return {}


def _no_outages() -> Mapping[str, datetime]:
    return {}


def _wall_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SessionContext:
    """The plan, mode, clock, operator and live data an :class:`IncidentSession` runs on."""

    plan: Plan
    mode: Mode
    clock: Clock
    operator: str
    journal_dir: Path
    readings: Callable[[], Readings] = _no_readings
    down_since: Callable[[], Mapping[str, datetime]] = _no_outages
    operations: Operations | None = None
    """What actions act through; None refuses every action with a reason."""
    scenario: str | None = None
    """The drill scenario, recorded in the declaration."""
    drill: DrillFacts | None = None
    """The drill being played (seed, speed, scenario start), recorded in the declaration
    so that resume and follow rebuild the same drill."""
    wall: Callable[[], datetime] = field(default=_wall_now)
    """Real UTC time, recorded beside a drill's simulated declaration time."""
    sleep: Sleep = field(default=asyncio.sleep)
    """Pauses of waits, in the clock's time: a drill's sleeps simulated seconds."""
    monotonic: Callable[[], float] = field(default=time.monotonic)
    policy: ActionPolicy = field(default_factory=ActionPolicy)
    """Site names, ``max_lag_on_failover``, RPOs and DNS facts for gates and confirmations."""
    notifier: StepNotifier | None = None
    """Sends the runbook's send-notification actions (None: the operations' ``notify``)."""

    @property
    def read_only(self) -> bool:
        return self.mode is Mode.READ_ONLY
