"""The one factory that assembles a running console: settings, plan, sources, poller,
operations and the incident session's context.

The TUI (:func:`console.shell.app.make_app`), ``status`` and the tests all start from
:func:`build_runtime`, so what they poll, how they judge it and what actions act on can
never differ between them. A drill journal given to resume or follow brings its own drill
(scenario, seed, speed, simulated time), rebuilt here before anything polls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from console.actions.policy import policy_for
from console.actions.waiting import scaled_sleep
from console.backends.drill_journal import facts_of, journal_drill
from console.backends.monitor import Monitor, build_monitor
from console.comms.step import StepNotifier
from console.config.settings import Settings
from console.incident.context import SessionContext
from console.plan import Plan
from services.drill import DrillEnvironment
from services.operations import Operations


@dataclass
class Runtime:
    """Everything a console runs on, built once."""

    settings: Settings
    """The settings in force (a drill journal may have switched them to its drill)."""
    plan: Plan
    monitor: Monitor
    """Sources, poller, outage tracking and the judge's verdicts."""
    drill: DrillEnvironment | None
    context: SessionContext
    """What an incident session acts through and journals into."""


def build_runtime(settings: Settings, plan: Plan, *, drill: DrillEnvironment | None = None,
                  journal: Path | None = None, operations: Operations | None = None
                  ) -> Runtime:
    """The runtime for ``settings``; ``journal`` is an incident to resume or follow (a drill
    incident rebuilds its drill: InputError if it cannot), ``operations`` replaces the
    monitor's own (tests acting on a lab)."""
    settings, drill = journal_drill(settings, plan, drill, journal)
    monitor, env = build_monitor(settings, plan, drill=drill)
    acts = operations or monitor.operations
    context = SessionContext(
        plan, settings.mode, monitor.clock, settings.operator_name(), settings.journal_dir,
        readings=lambda: monitor.poller.latest, down_since=lambda: monitor.downtime.down_since,
        operations=acts, scenario=env.scenario.name if env is not None else None,
        drill=facts_of(env, settings.drill.speed) if env is not None else None,
        policy=policy_for(settings, plan, drill=env is not None),
        sleep=scaled_sleep(settings.drill.speed if env is not None else 1.0),
        notifier=StepNotifier(settings, plan, lambda: monitor.live().verdicts))
    return Runtime(settings, plan, monitor, env, context)


def count_rto_from(runtime: Runtime, start: datetime | None) -> None:
    """Every RTO of this runtime counts from ``start`` (an open incident's disruption)."""
    runtime.monitor.disruption = lambda: start
