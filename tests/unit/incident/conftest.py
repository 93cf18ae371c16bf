"""Shared fixtures for the incident tests: the default plan and a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console.plan.model import Plan
from services.clock import FrozenClock
from tests.unit.incident.builders import DEFAULT_PLAN

T0 = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def plan() -> Plan:
    return DEFAULT_PLAN


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)
