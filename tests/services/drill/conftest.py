"""Fixtures for the drill environment: a frozen clock and a factory of environments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.backends.drill_plan import drill_plan
from console.plan import Plan, default_plan_path, load_plan
from services.clock import FrozenClock
from services.drill import DrillEnvironment, drill_sources
from services.models import Snapshot

START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PLAN = drill_plan(load_plan())
"""The built-in plan as the console hands it to the simulator."""

MakeEnv = Callable[..., DrillEnvironment]


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def make_env(clock: FrozenClock) -> MakeEnv:
    def make(scenario: str = "steady", seed: int = 0) -> DrillEnvironment:
        return DrillEnvironment(clock, seed=seed, scenario=scenario, plan=PLAN)

    return make


async def poll(env: DrillEnvironment, name: str) -> Snapshot:
    """Poll the source called ``name`` once, as the poller would."""
    source = next(s for s in drill_sources(env) if s.name == name)
    return await source.poll()


RENAMES = {"postgres-full": "pg-nightly", "s3-region-1": "s3-eu-west",
           "redis-rdb": "sessions-snapshot"}
"""Schedules and a target of the built-in plan, renamed in :func:`renamed_plan`."""


def renamed_plan(directory: Path) -> Plan:
    """A copy of the built-in plan with :data:`RENAMES` applied everywhere in its text."""
    text = default_plan_path().read_text(encoding="utf-8")
    for old, new in RENAMES.items():
        text = text.replace(f'"{old}"', f'"{new}"')
    path = directory / "renamed-plan.toml"
    path.write_text(text, encoding="utf-8")
    return load_plan(path)
