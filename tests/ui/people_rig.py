"""The app for the people-and-paper screens: a frozen datacenter-failure drill, a config with
a hostile contact name (markup in it), and comms channels the test chooses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.contacts import with_contacts
from console.config.models import ContactOverride, Mode
from console.config.settings import Settings
from console.plan.model import Plan
from console.shell.app import RecoveryConsoleApp, make_app
from services.clock import FrozenClock
from services.drill import DrillEnvironment
from tests.ui.checklist_rig import PLAN

HOSTILE = "[bold red]Bob[/] Johnson"
"""The DBA's name in the config: a screen must show the brackets, not obey them."""


def build_people(journal_dir: Path, comms: dict[str, Any] | None = None,
                 base: Plan = PLAN) -> RecoveryConsoleApp:
    overrides = (ContactOverride(role="dba", name=HOSTILE),)
    settings = Settings(mode=Mode.DRILL, operator="test-operator", journal_dir=journal_dir,
                        contacts=overrides, comms=comms or {})
    plan = with_contacts(base, overrides, Path("config.toml"))
    drill = DrillEnvironment(FrozenClock(DRILL_EPOCH), seed=0, scenario="datacenter-failure",
                             plan=drill_plan(plan), started_at=DRILL_EPOCH)
    app = make_app(settings, plan, drill=drill, autostart=False)
    return app
