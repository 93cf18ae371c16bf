"""Fixtures for the drill environment: a frozen clock and a factory of environments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from services.clock import FrozenClock
from services.drill import DrillEnvironment, drill_sources
from services.models import Snapshot

START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

MakeEnv = Callable[..., DrillEnvironment]


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def make_env(clock: FrozenClock) -> MakeEnv:
    def make(scenario: str = "steady", seed: int = 0) -> DrillEnvironment:
        return DrillEnvironment(clock, seed=seed, scenario=scenario)

    return make


async def poll(env: DrillEnvironment, name: str) -> Snapshot:
    """Poll the source called ``name`` once, as the poller would."""
    source = next(s for s in drill_sources(env) if s.name == name)
    return await source.poll()
