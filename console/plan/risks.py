"""Risk assessment: threats, the risk matrix and the critical dependencies."""

from __future__ import annotations

from console.plan.base import Level, PlanModel, Text
from console.plan.durations import Duration


class Threat(PlanModel):
    """A threat category with its likelihood, impact and mitigation."""

    name: Text
    likelihood: Level
    impact: Level
    mitigation: Text


class RiskQuadrant(PlanModel):
    """One cell of the risk matrix: which threats sit there and the strategy for them."""

    impact: Level
    likelihood: Level
    threats: tuple[Text, ...]
    strategy: Text
    """``mitigate``, ``accept``, ``transfer``... as the plan words it."""
    measure: Text


class Dependency(PlanModel):
    """A dependency the service cannot run without, and how it is recovered."""

    name: Text
    critical: bool
    recovery_time: Duration
    backup_strategy: Text
