"""What the TUI starts on: the runtime and, when reopening or watching one, its incident.

:func:`start` builds it at once (the CLI's ``resume`` and ``--follow``, which must refuse
a missing incident before any screen is drawn, and the tests). :func:`start_from_config`
does the whole of it from a config path, settings and plan included: the plain
``recovery-console`` hands it to the app, which draws its first frame and then runs it
off the event loop, so the operator sees the console at once, not after every model and
SDK has loaded (bad input still ends the app with one line and exit code 2).

Importing this module loads nothing heavy: each function imports what it builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from console.config.settings import Settings
    from console.incident.session import IncidentSession
    from console.plan import Plan
    from console.shell.runtime import Runtime
    from services.drill import DrillEnvironment
    from services.operations import Operations


@dataclass
class Started:
    """A runtime ready to show, and the incident the console opens on (if any)."""

    runtime: Runtime
    session: IncidentSession | None
    """The incident resumed or followed; None for a console that starts on no incident."""
    offer_resume: bool
    """Whether to offer an open incident found in the journal (not when one was named)."""


def start(settings: Settings, plan: Plan, *, drill: DrillEnvironment | None = None,
          resume: Path | None = None, follow: Path | None = None,
          operations: Operations | None = None) -> Started:
    """The runtime for ``settings`` and ``plan``; ``resume`` or ``follow`` reopens (or watches)
    that journal: InputError if it cannot be read."""
    from console.incident.session import IncidentSession
    from console.shell.runtime import build_runtime

    runtime = build_runtime(settings, plan, drill=drill, journal=resume or follow,
                            operations=operations)
    session = None
    if follow is not None:
        session = IncidentSession.watch(runtime.context, follow)
    elif resume is not None:
        session = IncidentSession.resume(runtime.context, resume)
    return Started(runtime, session, offer_resume=resume is None and follow is None)


def start_from_config(config: Path | None) -> Started:
    """Settings and plan from ``config`` (or the defaults), then :func:`start`."""
    from console.config.bootstrap import load_all

    loaded = load_all(config)
    return start(loaded.settings, loaded.plan)
